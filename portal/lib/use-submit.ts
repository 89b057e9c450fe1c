import { useState } from 'preact/hooks';
import { fieldErrors, messageOf } from './api.ts';

export interface Submission {
  busy: boolean;
  /** A general message (validation summary or a failure in plain words). */
  message: string | null;
  /** Field key (e.g. `services.0.name`) → message. */
  fields: Record<string, string>;
  /** True after a successful save, until the next edit/submit. */
  saved: boolean;
  run(event?: Event): Promise<boolean>;
  clearSaved(): void;
}

/**
 * Runs a form's save: disables the button while busy, turns validation details into per-field
 * messages (with `prefix` removed from their paths) and remembers that the save worked.
 */
export function useSubmit(action: () => Promise<unknown>, prefix = 'body.'): Submission {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  const run = async (event?: Event) => {
    event?.preventDefault();
    const form = event?.target instanceof HTMLFormElement ? event.target : null;
    setBusy(true);
    setSaved(false);
    setMessage(null);
    setFields({});
    try {
      await action();
      setSaved(true);
      return true;
    } catch (error) {
      const byField = fieldErrors(error, prefix);
      setFields(byField);
      const placed = Object.keys(byField).length > 0;
      setMessage(placed ? 'Some answers need a fix: see the highlighted fields.' : messageOf(error));
      // Keyboard and screen-reader users land on the first field to fix, once it is rendered.
      if (placed && form) {
        requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      }
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, fields, saved, run, clearSaved: () => setSaved(false) };
}

/** Field messages whose key the form has no input for, so they are not silently lost. */
export function unplaced(fields: Record<string, string>, placed: (key: string) => boolean): string[] {
  return Object.entries(fields)
    .filter(([key]) => !placed(key))
    .map(([key, message]) => `${key}: ${message}`);
}
