import { useState } from 'preact/hooks';
import type { FinalTurn } from './api-types.ts';
import { FinalTranscript, LatencyTable, LiveTranscript } from './transcript-view.tsx';
import { useDemoCall } from './use-demo-call.ts';
import './demo.css';

const STATUS: Record<string, string> = {
  listening: 'Listening',
  thinking: 'Thinking…',
  speaking: 'Speaking',
};

export interface DemoPanelProps {
  customerId: string;
  onFinished?: (transcript: FinalTurn[]) => void;
}

/** Onboarding step 5: talk (or type) to your own receptionist and watch the live transcript. */
export function DemoPanel({ customerId, onFinished }: DemoPanelProps) {
  const demo = useDemoCall(customerId, onFinished);
  const [text, setText] = useState('');
  const live = demo.phase === 'live';

  const submit = (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    demo.sendText(text);
    setText('');
  };

  return (
    <section class="demo-panel" aria-labelledby="demo-title">
      <h3 id="demo-title">Talk to your receptionist</h3>
      {demo.phase === 'idle' && (
        <>
          <p>
            Call your receptionist from this browser, as a customer would. Your microphone is used for the
            call; you can also type what a caller would say.
          </p>
          <button type="button" onClick={() => void demo.start({ microphone: true })}>
            Start demo call
          </button>
        </>
      )}
      {demo.phase === 'starting' && <p role="status">Connecting to your receptionist…</p>}
      {demo.phase === 'error' && demo.error && (
        <div class="demo-error">
          <p role="alert">{demo.error.message}</p>
          <button type="button" onClick={() => void demo.start({ microphone: !demo.typingOnly })}>
            Retry
          </button>{' '}
          {demo.error.microphone && (
            <button type="button" class="secondary" onClick={() => void demo.start({ microphone: false })}>
              Continue by typing
            </button>
          )}
        </div>
      )}
      {(live || demo.phase === 'ending') && (
        <>
          <div class="demo-toolbar">
            <p
              class={`demo-status demo-status-${demo.view.state ?? 'connecting'}`}
              role="status"
              aria-live="polite"
            >
              Receptionist: <strong>{demo.view.state ? STATUS[demo.view.state] : 'Connected'}</strong>
              {demo.typingOnly && ' (typing only)'}
            </p>
            {!demo.typingOnly && (
              <button
                type="button"
                class="secondary"
                aria-pressed={demo.muted}
                onClick={demo.toggleMute}
                disabled={!live}
              >
                {demo.muted ? 'Unmute microphone' : 'Mute microphone'}
              </button>
            )}
            <button type="button" class="danger" onClick={() => void demo.finish()} disabled={!live}>
              {demo.phase === 'ending' ? 'Ending…' : 'End demo'}
            </button>
          </div>
          {[...demo.view.notices, ...(demo.warning ? [demo.warning] : [])].map((notice) => (
            <p key={notice} class="demo-notice" role="status">
              {notice}
            </p>
          ))}
          {demo.mode === 'direct' ? (
            <LiveTranscript lines={demo.view.lines} />
          ) : (
            <p>The transcript appears here when the call ends.</p>
          )}
          {demo.mode === 'direct' && (
            <form class="demo-type" onSubmit={submit}>
              <label for="demo-typed-turn">Type instead</label>
              <div class="demo-type-row">
                <input
                  id="demo-typed-turn"
                  type="text"
                  autocomplete="off"
                  maxLength={2000}
                  placeholder="e.g. Can I book a cleaning next Tuesday at 3 pm?"
                  value={text}
                  disabled={!live}
                  onInput={(e) => setText((e.target as HTMLInputElement).value)}
                />
                <button type="submit" disabled={!live || !text.trim()}>
                  Send
                </button>
              </div>
            </form>
          )}
          <LatencyTable rows={demo.view.latencies} />
        </>
      )}
      {demo.phase === 'ended' && demo.finalTranscript && (
        <>
          <p role="status">The demo has ended. This is what was said:</p>
          <FinalTranscript turns={demo.finalTranscript} />
          <button type="button" onClick={() => void demo.start({ microphone: true })}>
            Start another demo
          </button>
        </>
      )}
    </section>
  );
}
