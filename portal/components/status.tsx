import type { ComponentChildren } from 'preact';
import { messageOf } from '../lib/api.ts';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="muted" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div class="note note-error" role="alert">
      <p>{messageOf(error)}</p>
      {onRetry && (
        <button type="button" class="secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="note empty">{children}</div>;
}

/** A polite "Saved" that screen readers announce, next to a form's submit button. */
export function SavedNote({ show, text = 'Saved' }: { show: boolean; text?: string }) {
  return (
    <span class="saved" role="status" aria-live="polite">
      {show ? `✓ ${text}` : ''}
    </span>
  );
}
