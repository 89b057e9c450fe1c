import { useState } from 'preact/hooks';
import { ErrorNote } from '../../components/status.tsx';
import { api } from '../../lib/api.ts';
import { money } from '../../lib/format.ts';
import { type OnboardingState, WEEKDAY_NAMES, WEEKDAYS } from '../../lib/types.ts';
import type { StepProps } from './index.tsx';
import { calendarStatus } from './step-calendar.tsx';

function Section({
  title,
  step,
  children,
}: {
  title: string;
  step: number;
  children: preact.ComponentChildren;
}) {
  return (
    <section class="review-section">
      <h2>
        {title}{' '}
        <a href={`/onboarding?step=${step}`} class="small-link" aria-label={`Change ${title.toLowerCase()}`}>
          Change
        </a>
      </h2>
      {children}
    </section>
  );
}

export function StepReview({ customerId, state, onSaved }: StepProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const info = state.businessInfo;
  const phone = state.phoneConfig;
  const caller = state.callerResponses;
  const missing = state.review.missing;

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await api<OnboardingState>('POST', `/api/onboarding/${customerId}/review`, {}));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>Check everything once more. You can change any of it later in Settings.</p>
      {missing.length > 0 && (
        <div class="note note-warn" role="alert">
          <p>Before going live, please complete:</p>
          <ul>
            {missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      <Section title="Business" step={1}>
        {info ? (
          <dl class="facts">
            <dt>Name</dt>
            <dd>{info.name}</dd>
            <dt>Industry</dt>
            <dd>{info.industry}</dd>
            <dt>Phone</dt>
            <dd>{info.phone}</dd>
            <dt>Time zone</dt>
            <dd>{info.timeZone}</dd>
            <dt>Services</dt>
            <dd>
              {info.services
                .map(
                  (s) =>
                    `${s.name} (${s.durationMin} min${s.priceCents !== null ? `, ${money(s.priceCents)}` : ''})`,
                )
                .join('; ')}
            </dd>
            <dt>Open</dt>
            <dd>
              {WEEKDAYS.filter((d) => (info.hours[d]?.length ?? 0) > 0)
                .map(
                  (d) =>
                    `${WEEKDAY_NAMES[d]} ${info.hours[d]!.map((i) => `${i.open}–${i.close}`).join(', ')}`,
                )
                .join('; ') || 'No opening hours'}
            </dd>
          </dl>
        ) : (
          <p class="muted">Not filled in yet.</p>
        )}
      </Section>
      <Section title="Phone" step={2}>
        {phone ? (
          <p>
            Calls to {phone.businessPhone} forward to your receptionist at{' '}
            <strong>{phone.twilioNumber}</strong>. Text alerts {phone.smsEnabled ? 'on' : 'off'}.
          </p>
        ) : (
          <p class="muted">No receptionist number yet.</p>
        )}
      </Section>
      <Section title="Greeting and instructions" step={3}>
        {caller ? (
          <>
            <blockquote>{caller.greeting}</blockquote>
            {caller.instructions && <p class="pre">{caller.instructions}</p>}
          </>
        ) : (
          <p class="muted">Not filled in yet.</p>
        )}
        <p class="muted">{state.documents.length} document(s) uploaded.</p>
      </Section>
      <Section title="Calendar" step={4}>
        <p>{calendarStatus(state.calendarIntegration)}</p>
      </Section>
      <Section title="Demo" step={5}>
        <p>{state.demoCompleted ? 'Tried' : 'Skipped'}</p>
      </Section>
      {error != null && <ErrorNote error={error} />}
      <button type="button" disabled={busy} onClick={confirm}>
        {busy ? 'Confirming…' : 'Everything looks right'}
      </button>
    </>
  );
}
