import { useState } from 'preact/hooks';
import { api, fieldErrors, messageOf } from '../lib/api.ts';
import { bytes, date } from '../lib/format.ts';
import type { DocumentInfo, OnboardingState } from '../lib/types.ts';
import { uploadFile } from '../lib/upload.ts';
import { ProgressBar } from './progress-bar.tsx';

interface Props {
  customerId: string;
  source: DocumentInfo['source'];
  documents: DocumentInfo[];
  onState: (state: OnboardingState) => void;
}

const ACCEPT =
  '.pdf,.docx,.txt,application/pdf,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Upload and delete answer the document alone, so the wizard's state is read again afterwards. */
async function freshState(customerId: string, answer: unknown): Promise<OnboardingState> {
  if (answer && typeof answer === 'object' && 'documents' in answer) return answer as OnboardingState;
  return api<OnboardingState>('GET', `/api/onboarding/${customerId}`);
}

/** Upload PDFs, Word files or text the receptionist should know, with progress and a file list. */
export function Documents({ customerId, source, documents, onState }: Props) {
  const [progress, setProgress] = useState<number | null>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const mine = documents.filter((d) => d.source === source);
  const inputId = `documents-${source}`;

  const upload = async (file: File) => {
    setError(null);
    setUploading(file.name);
    setProgress(0);
    const form = new FormData();
    form.append('source', source);
    form.append('file', file);
    try {
      const answer = await uploadFile<unknown>(`/api/onboarding/${customerId}/documents`, form, setProgress)
        .promise;
      onState(await freshState(customerId, answer));
    } catch (err) {
      // The server names the problem with the file ("is not a PDF…"): say which file.
      const aboutFile = fieldErrors(err, '')['file'];
      setError(aboutFile ? `${file.name} ${aboutFile}` : messageOf(err));
    } finally {
      setUploading(null);
      setProgress(null);
    }
  };

  const remove = async (doc: DocumentInfo) => {
    setError(null);
    setDeleting(doc.id);
    try {
      const answer = await api<unknown>('DELETE', `/api/onboarding/${customerId}/documents/${doc.id}`);
      onState(await freshState(customerId, answer));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setDeleting(null);
    }
  };

  return (
    <fieldset class="group">
      <legend>Documents (optional)</legend>
      <p class="hint" id={`${inputId}-hint`}>
        Price lists, FAQs or policies as PDF, Word (.docx) or text. Your receptionist reads them to answer
        callers.
      </p>
      <label for={inputId} class="file-label">
        Upload a document
      </label>
      <input
        id={inputId}
        type="file"
        accept={ACCEPT}
        aria-describedby={`${inputId}-hint`}
        disabled={uploading !== null}
        onChange={(e) => {
          const input = e.target as HTMLInputElement;
          const file = input.files?.[0];
          if (file) void upload(file).then(() => (input.value = ''));
        }}
      />
      {uploading && progress !== null && (
        <div class="upload-progress">
          <span>Uploading {uploading}</span>
          <ProgressBar value={progress * 100} label={`Uploading ${uploading}`} />
        </div>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {mine.length === 0 ? (
        <p class="muted">No documents yet.</p>
      ) : (
        <ul class="file-list" aria-label="Uploaded documents">
          {mine.map((doc) => (
            <li key={doc.id}>
              <span class="file-name">{doc.filename}</span>
              <span class="muted">
                {bytes(doc.sizeBytes)} · {date(doc.createdAt)}
              </span>
              <button
                type="button"
                class="link-button danger"
                aria-label={`Delete ${doc.filename}`}
                disabled={deleting === doc.id}
                onClick={() => remove(doc)}
              >
                {deleting === doc.id ? 'Deleting…' : 'Delete'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
