import { useState } from 'preact/hooks';
import { ErrorNote } from '../../components/status.tsx';
import { api } from '../../lib/api.ts';
import type { OnboardingState } from '../../lib/types.ts';
import type { StepProps } from './index.tsx';

export function StepLive({ customerId, state, onSaved }: StepProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const number = state.phoneConfig?.twilioNumber;

  const goLive = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await api<OnboardingState>('POST', `/api/onboarding/${customerId}/complete`, {}), false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (state.live) {
    return (
      <div role="status">
        <p class="status-line ok">
          <strong>Your receptionist is live.</strong>
          {number && <> Calls forwarded to {number} are answered from now on.</>}
        </p>
        <p>Remember to turn on call forwarding from your business phone if you have not yet.</p>
        <a class="button" href="/app">
          Go to my dashboard
        </a>
      </div>
    );
  }
  return (
    <>
      <p>
        When you go live, your receptionist starts answering every call forwarded to{' '}
        {number ? <strong>{number}</strong> : 'its number'}. You can change what it says any time in Settings.
      </p>
      {error != null && <ErrorNote error={error} />}
      <button type="button" disabled={busy} onClick={goLive}>
        {busy ? 'Switching on…' : 'Go live'}
      </button>
    </>
  );
}
