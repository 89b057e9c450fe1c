import { useState } from 'preact/hooks';
import { OptionalModule } from '../../components/optional-module.tsx';
import { ErrorNote } from '../../components/status.tsx';
import { api } from '../../lib/api.ts';
import type { OnboardingState } from '../../lib/types.ts';
import type { StepProps } from './index.tsx';

// The browser demo is its own module; an empty object here means it is not part of this build.
const demoModule = import.meta.glob('../../demo/index.tsx');

export function StepDemo({ customerId, state, onSaved, goTo }: StepProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const skip = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await api<OnboardingState>('POST', `/api/onboarding/${customerId}/demo/skip`, {}));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const finished = async () => {
    // The demo marks the step done on the server; fetch the new state but stay on step 5 so the owner can read the final transcript; its Continue button moves on.
    onSaved(await api<OnboardingState>('GET', `/api/onboarding/${customerId}`), false);
  };

  return (
    <>
      <p>Call your receptionist from this browser and hear how it answers your customers.</p>
      {state.demoCompleted && (
        <p class="status-line ok" role="status">
          You have tried the demo.
        </p>
      )}
      <OptionalModule
        modules={demoModule}
        exportName="DemoPanel"
        props={{ customerId, onFinished: () => void finished() }}
        fallback={<p class="muted">The browser demo is not available here yet.</p>}
      />
      {error != null && <ErrorNote error={error} />}
      {state.demoCompleted ? (
        <button type="button" onClick={() => goTo(6)}>
          Continue
        </button>
      ) : (
        <button type="button" class="secondary" disabled={busy} onClick={skip}>
          {busy ? 'Skipping…' : 'Skip the demo'}
        </button>
      )}
    </>
  );
}
