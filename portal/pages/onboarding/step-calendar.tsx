import { useState } from 'preact/hooks';
import { api, fieldErrors, messageOf } from '../../lib/api.ts';
import type { CalendarIntegration, OnboardingState } from '../../lib/types.ts';
import type { StepProps } from './index.tsx';

const PROVIDER_NAMES: Record<string, string> = {
  google: 'Google Calendar',
  outlook: 'Outlook Calendar',
  builtin: 'the built-in calendar',
};

export function calendarStatus(calendar: CalendarIntegration | null): string {
  if (!calendar?.provider) {
    return calendar?.status === 'skipped' ? 'Not connected (skipped for now)' : 'Not connected';
  }
  const name = PROVIDER_NAMES[calendar.provider] ?? calendar.provider;
  if (calendar.status === 'connected') {
    return `Connected to ${name}${calendar.accountEmail ? ` (${calendar.accountEmail})` : ''}`;
  }
  if (calendar.status === 'disconnected') return `Not connected: ${name} needs to be connected again`;
  return `Not connected (${name})`;
}

export function StepCalendar({ customerId, state, onSaved, goTo }: StepProps) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const calendar = state.calendarIntegration;
  const connected = calendar?.status === 'connected';
  const oauthFailed = new URLSearchParams(location.search).get('calendar') === 'failed';

  const run = async (what: string, action: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
      setBusy(null);
    }
  };

  const connect = (provider: 'google' | 'outlook') =>
    run(provider, async () => {
      const { url } = await api<{ url: string }>('POST', `/api/onboarding/${customerId}/calendar/oauth`, {
        provider,
      });
      location.assign(url);
    });
  const post = (what: string, path: string) =>
    run(what, async () => {
      onSaved(await api<OnboardingState>('POST', `/api/onboarding/${customerId}/calendar/${path}`, {}));
      setBusy(null);
    });

  return (
    <>
      <p>Your receptionist books appointments straight into your calendar and never double-books.</p>
      <p class={`status-line ${connected ? 'ok' : ''}`} role="status">
        <strong>Calendar:</strong> {calendarStatus(calendar)}
      </p>
      {oauthFailed && !connected && (
        <p class="note note-error" role="alert">
          We could not connect your calendar. You can try again, use the built-in calendar, or skip this step
          and connect later.
        </p>
      )}
      {error != null && (
        <p class="note note-error" role="alert">
          {fieldErrors(error, '')['provider'] ?? messageOf(error)}
        </p>
      )}
      {connected && (
        <>
          <button type="button" onClick={() => goTo(5)}>
            Continue
          </button>
          <h2 class="subtle-heading">Use another calendar instead</h2>
        </>
      )}
      <div class="button-row">
        <button
          type="button"
          class={connected ? 'secondary' : undefined}
          disabled={busy !== null}
          onClick={() => connect('google')}
        >
          {busy === 'google' ? 'Opening Google…' : 'Connect Google Calendar'}
        </button>
        <button
          type="button"
          class={connected ? 'secondary' : undefined}
          disabled={busy !== null}
          onClick={() => connect('outlook')}
        >
          {busy === 'outlook' ? 'Opening Microsoft…' : 'Connect Outlook Calendar'}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy !== null}
          onClick={() => post('builtin', 'builtin')}
        >
          {busy === 'builtin' ? 'Setting up…' : 'Use the built-in calendar'}
        </button>
        {!connected && (
          <button
            type="button"
            class="link-button"
            disabled={busy !== null}
            onClick={() => post('skip', 'skip')}
          >
            Skip for now
          </button>
        )}
      </div>
    </>
  );
}
