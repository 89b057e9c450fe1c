import { useEffect, useRef, useState } from 'preact/hooks';
import { signOut } from '../../components/portal-layout.tsx';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { ErrorNote, Loading } from '../../components/status.tsx';
import { navigate } from '../../lib/router.ts';
import { useCustomerId } from '../../lib/session.ts';
import type { OnboardingState } from '../../lib/types.ts';
import { useApi } from '../../lib/use-api.ts';
import { StepBusiness } from './step-business.tsx';
import { StepCalendar } from './step-calendar.tsx';
import { StepCaller } from './step-caller.tsx';
import { StepDemo } from './step-demo.tsx';
import { StepLive } from './step-live.tsx';
import { StepPhone } from './step-phone.tsx';
import { StepReview } from './step-review.tsx';

export const STEP_NAMES = [
  'Your business',
  'Phone number',
  'What to say',
  'Calendar',
  'Try it',
  'Review',
  'Go live',
] as const;

export interface StepProps {
  customerId: string;
  state: OnboardingState;
  /** Stores a mutation's answer; `advance` moves to the next step. */
  onSaved: (state: OnboardingState, advance?: boolean) => void;
  goTo: (step: number) => void;
}

const STEPS = [StepBusiness, StepPhone, StepCaller, StepCalendar, StepDemo, StepReview, StepLive];

/** The furthest step the owner may open: any completed step, the current one, and the next. */
function reachable(state: OnboardingState): number {
  return Math.min(7, Math.max(state.currentStep, ...state.completedSteps.map((s) => s + 1)));
}

/** The seven-step setup, one step per URL (`/onboarding?step=3`), with a progress bar. */
export function OnboardingPage({ search }: { search: URLSearchParams }) {
  const customerId = useCustomerId();
  const resource = useApi<OnboardingState>(`/api/onboarding/${customerId}`);
  const heading = useRef<HTMLHeadingElement>(null);
  const [announce, setAnnounce] = useState(false);
  const state = resource.data;
  const asked = Number(search.get('step'));
  const step =
    state && Number.isInteger(asked) && asked >= 1 && asked <= reachable(state)
      ? asked
      : ((state?.live ? 7 : state?.currentStep) ?? 1);

  useEffect(() => {
    if (announce) heading.current?.focus();
  }, [step]);

  const goTo = (next: number) => {
    setAnnounce(true);
    navigate(`/onboarding?step=${next}`);
  };

  const header = (
    <header class="topbar">
      <a class="brand" href="/onboarding">
        AI Receptionist
      </a>
      <button type="button" class="secondary small" onClick={() => void signOut()}>
        Sign out
      </button>
    </header>
  );

  if (!state) {
    return (
      <>
        {header}
        <main class="page" id="main">
          {resource.error ? (
            <ErrorNote error={resource.error} onRetry={resource.reload} />
          ) : (
            <Loading what="Loading your setup" />
          )}
        </main>
      </>
    );
  }

  const Step = STEPS[step - 1]!;
  const onSaved = (next: OnboardingState, advance = true) => {
    resource.setData(next);
    if (advance && step < 7) goTo(step + 1);
  };
  const furthest = reachable(state);

  return (
    <>
      {header}
      <main class="page onboarding" id="main">
        <div class="wizard-head">
          <p class="muted">Set up your receptionist · Step {step} of 7</p>
          <ProgressBar value={state.progress} label="Setup progress" />
          <nav aria-label="Setup steps">
            <ol class="steps">
              {STEP_NAMES.map((name, i) => {
                const n = i + 1;
                const done = state.completedSteps.includes(n);
                const label = `${n}. ${name}${done ? ' (done)' : ''}`;
                return (
                  <li key={name} class={`${done ? 'done' : ''} ${n === step ? 'current' : ''}`}>
                    {n <= furthest ? (
                      <a
                        href={`/onboarding?step=${n}`}
                        aria-current={n === step ? 'step' : undefined}
                        aria-label={label}
                      >
                        <span aria-hidden="true">{done ? '✓' : n}</span> {name}
                      </a>
                    ) : (
                      <span>
                        <span aria-hidden="true">{n}</span> {name}
                        <span class="visually-hidden"> (not yet available)</span>
                      </span>
                    )}
                  </li>
                );
              })}
            </ol>
          </nav>
        </div>
        <section class="card" aria-labelledby="step-title">
          <h1 id="step-title" ref={heading} tabIndex={-1}>
            {STEP_NAMES[step - 1]}
          </h1>
          <Step customerId={customerId} state={state} onSaved={onSaved} goTo={goTo} />
        </section>
      </main>
    </>
  );
}
