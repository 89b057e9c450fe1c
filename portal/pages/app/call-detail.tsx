import { ErrorNote, Loading } from '../../components/status.tsx';
import { dateTime, duration, outcomeLabel } from '../../lib/format.ts';
import { useCustomerId } from '../../lib/session.ts';
import type { CallDetail, Turn } from '../../lib/types.ts';
import { useApi } from '../../lib/use-api.ts';

function ms(value: number | null | undefined): string {
  return value === undefined || value === null ? '—' : `${Math.round(value)} ms`;
}

function TurnItem({ turn, base }: { turn: Turn; base: string }) {
  const providers = [
    turn.sttProvider && `heard by ${turn.sttProvider}`,
    turn.llmProvider && `answered by ${turn.llmProvider}`,
    turn.ttsProvider && `spoken by ${turn.ttsProvider}`,
  ].filter(Boolean);
  return (
    <li class="turn">
      {turn.userText && (
        <div class="bubble caller">
          <p class="speaker">Caller</p>
          <p>{turn.userText}</p>
          {turn.hasUserAudio && (
            // biome-ignore lint/a11y/useMediaCaption: the transcript above is the caption
            <audio
              controls
              preload="none"
              src={`${base}/turns/${turn.index}/audio/caller`}
              aria-label={`Caller audio, turn ${turn.index + 1}`}
            />
          )}
        </div>
      )}
      {turn.aiText && (
        <div class="bubble agent">
          <p class="speaker">Receptionist{turn.interrupted ? ' (interrupted by the caller)' : ''}</p>
          <p>{turn.aiText}</p>
          {turn.hasAiAudio && (
            // biome-ignore lint/a11y/useMediaCaption: the transcript above is the caption
            <audio
              controls
              preload="none"
              src={`${base}/turns/${turn.index}/audio/agent`}
              aria-label={`Receptionist audio, turn ${turn.index + 1}`}
            />
          )}
        </div>
      )}
      <p class="turn-meta muted">
        {providers.join(' · ')}
        {turn.latency.totalMs !== undefined && (
          <>
            {' '}
            · reply after {ms(turn.latency.totalMs)} (speech {ms(turn.latency.sttMs)}, thinking{' '}
            {ms(turn.latency.llmMs)}, voice {ms(turn.latency.ttsMs)})
          </>
        )}
        {turn.failovers.length > 0 && <> · switched to a backup provider {turn.failovers.length}×</>}
      </p>
    </li>
  );
}

export function CallDetailPage({ callId }: { callId: string }) {
  const customerId = useCustomerId();
  const base = `/api/portal/${customerId}/calls/${encodeURIComponent(callId)}`;
  const { data, error, reload } = useApi<CallDetail>(base);
  if (error) {
    return (
      <>
        <p>
          <a href="/app/calls">← All calls</a>
        </p>
        <ErrorNote error={error} onRetry={reload} />
      </>
    );
  }
  if (!data) return <Loading what="Loading the call" />;
  const { call, turns, appointment } = data;
  return (
    <>
      <p>
        <a href="/app/calls">← All calls</a>
      </p>
      <h1>
        Call from {call.fromNumber ?? (call.callType === 'demo' ? 'the browser demo' : 'an unknown number')}
      </h1>
      <dl class="facts card">
        <dt>When</dt>
        <dd>{dateTime(call.startedAt)}</dd>
        <dt>Length</dt>
        <dd>{duration(call.durationMs)}</dd>
        <dt>Outcome</dt>
        <dd>{outcomeLabel(call.outcome)}</dd>
      </dl>
      {appointment && (
        <section class="note note-ok" aria-labelledby="booking-title">
          <h2 id="booking-title">Appointment booked</h2>
          <p>
            {appointment.service}
            {appointment.callerName ? ` for ${appointment.callerName}` : ''}
            {appointment.callerPhone ? ` (${appointment.callerPhone})` : ''} on{' '}
            {dateTime(appointment.startsAt)}
            {appointment.status === 'cancelled' ? ' — since cancelled' : ''}
          </p>
        </section>
      )}
      <h2>Transcript</h2>
      {turns.length === 0 ? (
        <p class="muted">Nothing was said on this call.</p>
      ) : (
        <ol class="transcript">
          {turns.map((turn) => (
            <TurnItem key={turn.index} turn={turn} base={base} />
          ))}
        </ol>
      )}
    </>
  );
}
