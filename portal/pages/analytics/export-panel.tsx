import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../../lib/api.ts';
import type { ExportStatus } from './types.ts';

const POLL_MS = 1000;

/** Starts a fine-tuning export, shows its progress and offers the file when it is ready. */
export function ExportPanel({ customerId }: { customerId: string }) {
  const [includeAudio, setIncludeAudio] = useState(false);
  const [synthetic, setSynthetic] = useState<'exclude' | 'include' | 'only'>('exclude');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [status, setStatus] = useState<ExportStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = status !== null && (status.status === 'queued' || status.status === 'running');

  useEffect(() => {
    if (!status || !running) return;
    const timer = setTimeout(async () => {
      try {
        setStatus(await api<ExportStatus>('GET', `/api/analytics/${customerId}/exports/${status.id}`));
      } catch (e) {
        setError(e instanceof ApiError ? e.message : 'We lost track of the export. Please try again.');
      }
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [status, running, customerId]);

  const start = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const filters: Record<string, string> = {};
      if (from) filters.from = from;
      if (to) filters.to = to;
      if (synthetic !== 'exclude') filters.synthetic = synthetic;
      const { exportId } = await api<{ exportId: string }>('POST', `/api/analytics/${customerId}/export`, {
        filters,
        includeAudio,
      });
      setStatus({
        id: exportId,
        status: 'queued',
        progress: 0,
        rowCount: 0,
        includeAudio,
        error: null,
        downloadUrl: null,
      });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The export could not be started. Please try again.');
    }
  };

  const percent = Math.round(status?.progress ?? 0);
  return (
    <section class="card" aria-labelledby="export-title">
      <h2 id="export-title">Export conversations</h2>
      <p class="muted">
        Download your conversations as a JSONL file in the OpenAI chat fine-tuning format, optionally with
        each turn's audio as WAV files in a zip.
      </p>
      <form
        onSubmit={start}
        class="export-form"
        style={{ display: 'flex', flexWrap: 'wrap', gap: '0.75rem', alignItems: 'end' }}
      >
        <label>
          From <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          To <input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <label>
          Conversations{' '}
          <select value={synthetic} onChange={(e) => setSynthetic(e.currentTarget.value as typeof synthetic)}>
            <option value="exclude">Real calls only</option>
            <option value="include">Real and synthetic</option>
            <option value="only">Synthetic only</option>
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={includeAudio}
            onChange={(e) => setIncludeAudio(e.currentTarget.checked)}
          />{' '}
          Include audio (zip)
        </label>
        <button type="submit" class="button" disabled={running}>
          {running ? 'Exporting…' : 'Export'}
        </button>
      </form>
      {status && (
        <div class="export-status" aria-live="polite">
          <div
            class="progress-track"
            role="progressbar"
            aria-label="Export progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
          >
            <div class="progress-fill" style={{ width: `${percent}%` }} />
          </div>
          <p>
            {status.status === 'done'
              ? `Ready: ${status.rowCount} conversations.`
              : status.status === 'failed'
                ? (status.error ?? 'The export failed.')
                : `Exporting… ${percent}%`}
          </p>
          {status.downloadUrl && (
            <a class="button" href={status.downloadUrl} download>
              Download {status.includeAudio ? 'zip' : 'JSONL'}
            </a>
          )}
        </div>
      )}
      {error && (
        <p class="note note-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
