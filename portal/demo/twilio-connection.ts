/**
 * The Twilio path: the browser places a real Twilio Voice call (WebRTC) with the short-lived
 * token, and the call reaches /twilio/voice and /twilio/media like any phone call. The SDK is
 * large, so it is loaded only when the server chose this mode.
 */
/** How long placing the call may take before the owner is told and offered Retry. */
const CONNECT_TIMEOUT_MS = 15_000;

export interface TwilioCallHandlers {
  onWarning(name: string, active: boolean): void;
  onDisconnected(): void;
  onFailure(message: string): void;
}

export interface TwilioDemoCall {
  setMuted(muted: boolean): void;
  hangUp(): void;
}

/** Human wording for the SDK's network-quality warnings. */
export function describeWarning(name: string): string {
  switch (name) {
    case 'high-rtt':
      return 'The network is slow: expect delays.';
    case 'high-jitter':
    case 'high-packet-loss':
    case 'low-mos':
      return 'The connection is poor: audio may break up.';
    case 'constant-audio-input-level':
    case 'constant-audio-level':
      return 'Your microphone seems silent: check it is not muted.';
    case 'ice-connectivity-lost':
      return 'The connection dropped: trying to reconnect.';
    default:
      return `Connection warning: ${name}.`;
  }
}

/** The SDK's errors name a code (e.g. 31005 signalling unreachable): keep it, say what to do. */
export function describeTwilioError(error: unknown): string {
  const e = (error ?? {}) as { message?: string; code?: number };
  const detail = e.message ?? (e.code ? `error ${e.code}` : 'unknown error');
  return `The call through Twilio could not be connected (${detail}). Check your connection and retry.`;
}

export async function connectTwilioDemo(options: {
  token: string;
  callId: string;
  handlers: TwilioCallHandlers;
}): Promise<TwilioDemoCall> {
  const { Call, Device } = await import('@twilio/voice-sdk');
  const device = new Device(options.token, {
    logLevel: 'error',
    codecPreferences: [Call.Codec.Opus, Call.Codec.PCMU],
  });
  device.on('error', (error: unknown) => options.handlers.onFailure(describeTwilioError(error)));
  let call: Awaited<ReturnType<typeof device.connect>>;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // The SDK keeps retrying a signalling connection that opens and drops: give up in bounded time.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject({ message: 'Twilio did not answer in time' }), CONNECT_TIMEOUT_MS);
    });
    call = await Promise.race([device.connect({ params: { demoCallId: options.callId } }), timeout]);
  } catch (error) {
    device.destroy();
    throw new Error(describeTwilioError(error));
  } finally {
    clearTimeout(timer);
  }
  call.on('warning', (name: string) => options.handlers.onWarning(name, true));
  call.on('warning-cleared', (name: string) => options.handlers.onWarning(name, false));
  call.on('disconnect', () => {
    device.destroy();
    options.handlers.onDisconnected();
  });
  call.on('error', (error: unknown) => options.handlers.onFailure(describeTwilioError(error)));
  return {
    setMuted: (muted) => call.mute(muted),
    hangUp: () => {
      call.disconnect();
      device.destroy();
    },
  };
}
