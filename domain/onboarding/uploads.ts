import { deleteDocument, insertDocument } from '../../db/documents.ts';
import type { DocumentSource } from '../../lib/business-schemas.ts';
import { notFound } from '../../lib/errors.ts';
import type { OnboardingDeps } from './context.ts';
import { inspectDocument } from './documents.ts';
import { type DocumentView, toDocumentView } from './view.ts';

/** Longest file name kept (the name is only shown back to the owner). */
const MAX_FILENAME = 200;

/** The name as shown back to the owner: no path separators or control characters, bounded length. */
function safeFilename(name: string): string {
  const cleaned = [...name].map((ch) => (ch < ' ' || ch === '/' || ch === '\\' ? '_' : ch)).join('');
  return cleaned.slice(-MAX_FILENAME) || 'document';
}

/**
 * Stores an uploaded business document with its extracted text (indexed for full-text search).
 * Nothing is written unless the file passes every check, so a failed upload changes nothing.
 */
export async function uploadDocument(
  deps: OnboardingDeps,
  customerId: string,
  input: { source: DocumentSource; filename: string; bytes: Buffer },
): Promise<DocumentView> {
  const inspected = await inspectDocument(input.bytes);
  const filename = safeFilename(input.filename);
  const row = await insertDocument(deps.pool, {
    customerId,
    source: input.source,
    filename,
    mimeType: inspected.mimeType,
    sizeBytes: input.bytes.length,
    content: inspected.text,
  });
  return toDocumentView(row);
}

export async function removeDocument(
  deps: OnboardingDeps,
  customerId: string,
  documentId: string,
): Promise<void> {
  if (!(await deleteDocument(deps.pool, customerId, documentId))) throw notFound('Document');
}
