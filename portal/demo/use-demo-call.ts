import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../lib/api.ts';
import { type EndResponse, type FinalTurn, microphoneErrorMessage, type StartResponse } from './api-types.ts';
import { requestMicrophone } from './capture.ts';
import type { ServerMessage } from './codec.ts';
import { DirectDemoConnection, streamUrl } from './direct-connection.ts';
import { addTypedTurn, applyServerMessage, type DemoView, emptyView } from './transcript.ts';
import { connectTwilioDemo, describeWarning, type TwilioDemoCall } from './twilio-connection.ts';

export type DemoPhase = 'idle' | 'starting' | 'live' | 'ending' | 'ended' | 'error';

export interface DemoError {
  message: string;
  /** The microphone was the problem: offer to continue by typing. */
  microphone: boolean;
}

interface ActiveCall {
  callId: string;
  mode: 'direct' | 'twilio';
  direct?: DirectDemoConnection;
  twilio?: TwilioDemoCall;
}

/** Everything the demo panel does, apart from drawing it. */
export function useDemoCall(customerId: string, onFinished?: (transcript: FinalTurn[]) => void) {
  const [phase, setPhase] = useState<DemoPhase>('idle');
  const [view, setView] = useState<DemoView>(emptyView);
  const [error, setError] = useState<DemoError | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const [finalTranscript, setFinalTranscript] = useState<FinalTurn[] | null>(null);
  const [muted, setMuted] = useState(false);
  const [typingOnly, setTypingOnly] = useState(false);
  const [mode, setMode] = useState<'direct' | 'twilio' | null>(null);
  const active = useRef<ActiveCall | null>(null);
  const context = useRef<AudioContext | null>(null);
  const base = `/api/demo/${encodeURIComponent(customerId)}`;

  const fail = useCallback(
    (message: string, microphone = false) => {
      const call = active.current;
      active.current = null;
      void call?.direct?.hangUp();
      call?.twilio?.hangUp();
      // Free the server's demo slot; the failed call's log is kept like any dropped call.
      if (call) void api('POST', `${base}/end`, { callId: call.callId, completeStep: false }).catch(() => {});
      setError({ message, microphone });
      setPhase('error');
    },
    [base],
  );

  const finish = useCallback(async () => {
    const call = active.current;
    if (!call) return;
    active.current = null;
    setPhase('ending');
    call.twilio?.hangUp();
    // The server finishes writing the call when the stream stops; the transcript is read after that.
    await call.direct?.hangUp();
    try {
      const ended = await api<EndResponse>('POST', `${base}/end`, { callId: call.callId });
      setFinalTranscript(ended.transcript);
      setPhase('ended');
      onFinished?.(ended.transcript);
    } catch (err) {
      setError({
        message: err instanceof ApiError ? err.message : 'The demo could not be ended.',
        microphone: false,
      });
      setPhase('error');
    }
  }, [base, onFinished]);

  const onMessage = useCallback(
    (message: ServerMessage) => {
      setView((current) => applyServerMessage(current, message));
      if (message.event === 'ended') void finish();
    },
    [finish],
  );

  const start = useCallback(
    async (options: { microphone: boolean }) => {
      setPhase('starting');
      setError(null);
      setWarning(null);
      setFinalTranscript(null);
      setView(emptyView);
      setMuted(false);
      setTypingOnly(!options.microphone);
      // Created inside the click so the browser lets it play sound.
      context.current ??= new AudioContext({ latencyHint: 'interactive' });
      void context.current.resume();
      let microphone: MediaStream | null = null;
      if (options.microphone) {
        try {
          microphone = await requestMicrophone();
        } catch (err) {
          fail(microphoneErrorMessage(err), true);
          return;
        }
      }
      let started: StartResponse;
      try {
        started = await api<StartResponse>('POST', `${base}/start`, {});
      } catch (err) {
        for (const track of microphone?.getTracks() ?? []) track.stop();
        fail(err instanceof ApiError ? err.message : 'The demo could not be started. Check your connection.');
        return;
      }
      active.current = { callId: started.callId, mode: started.mode };
      setMode(started.mode);
      try {
        if (started.mode === 'direct') {
          active.current.direct = await DirectDemoConnection.open({
            context: context.current,
            url: streamUrl(location, started.streamPath),
            callId: started.callId,
            ticket: started.ticket,
            microphone,
            handlers: { onMessage, onFailure: (message) => fail(message) },
          });
        } else {
          // The Twilio SDK opens the microphone itself.
          for (const track of microphone?.getTracks() ?? []) track.stop();
          active.current.twilio = await connectTwilioDemo({
            token: started.token,
            callId: started.callId,
            handlers: {
              onWarning: (name, on) => setWarning(on ? describeWarning(name) : null),
              onDisconnected: () => void finish(),
              onFailure: (message) => fail(message),
            },
          });
        }
        setPhase('live');
      } catch (err) {
        fail(err instanceof Error ? err.message : 'The demo call could not be connected.');
      }
    },
    [base, fail, finish, onMessage],
  );

  const sendText = useCallback((text: string) => {
    const direct = active.current?.direct;
    if (!direct || !text.trim()) return;
    direct.sendText(text.trim());
    setView((current) => addTypedTurn(current, text.trim()));
  }, []);

  const toggleMute = useCallback(() => {
    const call = active.current;
    const next = !muted;
    call?.direct?.setMuted(next);
    call?.twilio?.setMuted(next);
    setMuted(next);
  }, [muted]);

  // Leaving the page hangs up; the server finalises the call when the stream closes.
  useEffect(
    () => () => {
      void active.current?.direct?.hangUp();
      active.current?.twilio?.hangUp();
      void context.current?.close();
    },
    [],
  );

  return {
    phase,
    view,
    error,
    warning,
    finalTranscript,
    muted,
    typingOnly,
    mode,
    start,
    finish,
    sendText,
    toggleMute,
  };
}
