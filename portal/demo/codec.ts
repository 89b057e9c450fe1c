/**
 * The demo stream's wire format, in one place: Twilio Media Streams messages (what a phone call
 * sends, so the server runs the same CallSession) plus the demo's event messages. Parsing is
 * defensive: anything malformed or unknown becomes null and is ignored.
 */
export type AgentState = 'listening' | 'thinking' | 'speaking';

export type ServerMessage =
  | { event: 'media'; payload: Uint8Array }
  | { event: 'mark'; name: string }
  | { event: 'clear' }
  | { event: 'transcript'; final: boolean; text: string }
  | { event: 'agent_text'; text: string }
  | { event: 'state'; state: AgentState }
  | { event: 'tool'; name: string; summary: string }
  | { event: 'failover'; role: string; from: string; to: string }
  | { event: 'latency'; turn: number; totalMs: number; sttMs?: number; llmMs?: number; ttsMs?: number }
  | { event: 'ended'; reason: string };

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function connectedMessage(): string {
  return JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' });
}

export function startMessage(streamSid: string, callId: string, ticket: string): string {
  return JSON.stringify({
    event: 'start',
    sequenceNumber: '1',
    streamSid,
    start: {
      streamSid,
      callSid: callId,
      tracks: ['inbound'],
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      customParameters: { ticket },
    },
  });
}

/** One caller frame; `chunk` counts from 1 and `timestampMs` is the stream time of the frame. */
export function mediaMessage(
  streamSid: string,
  chunk: number,
  timestampMs: number,
  frame: Uint8Array,
): string {
  return JSON.stringify({
    event: 'media',
    streamSid,
    media: {
      track: 'inbound',
      chunk: String(chunk),
      timestamp: String(timestampMs),
      payload: bytesToBase64(frame),
    },
  });
}

export function markMessage(streamSid: string, name: string): string {
  return JSON.stringify({ event: 'mark', streamSid, mark: { name } });
}

export function stopMessage(streamSid: string, callId: string): string {
  return JSON.stringify({ event: 'stop', streamSid, stop: { callSid: callId } });
}

/** The demo's one extension to the Twilio format: a typed caller turn. */
export function textMessage(text: string): string {
  return JSON.stringify({ event: 'text', text });
}

const STATES: readonly string[] = ['listening', 'thinking', 'speaking'];

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  let raw: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(data);
    if (!parsed || typeof parsed !== 'object') return null;
    raw = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  const nested = (key: string) =>
    raw[key] && typeof raw[key] === 'object' ? (raw[key] as Record<string, unknown>) : {};
  switch (raw.event) {
    case 'media': {
      const payload = str(nested('media').payload);
      if (payload === null) return null;
      try {
        return { event: 'media', payload: base64ToBytes(payload) };
      } catch {
        return null;
      }
    }
    case 'mark': {
      const name = str(nested('mark').name);
      return name === null ? null : { event: 'mark', name };
    }
    case 'clear':
      return { event: 'clear' };
    case 'transcript': {
      const text = str(raw.text);
      return text === null ? null : { event: 'transcript', final: raw.final === true, text };
    }
    case 'agent_text': {
      const text = str(raw.text);
      return text === null ? null : { event: 'agent_text', text };
    }
    case 'state':
      return typeof raw.state === 'string' && STATES.includes(raw.state)
        ? { event: 'state', state: raw.state as AgentState }
        : null;
    case 'tool':
      return { event: 'tool', name: str(raw.name) ?? 'tool', summary: str(raw.summary) ?? '' };
    case 'failover':
      return {
        event: 'failover',
        role: str(raw.role) ?? '',
        from: str(raw.from) ?? '',
        to: str(raw.to) ?? '',
      };
    case 'latency': {
      const turn = num(raw.turn);
      const totalMs = num(raw.totalMs);
      if (turn === undefined || totalMs === undefined) return null;
      return {
        event: 'latency',
        turn,
        totalMs,
        sttMs: num(raw.sttMs),
        llmMs: num(raw.llmMs),
        ttsMs: num(raw.ttsMs),
      };
    }
    case 'ended':
      return { event: 'ended', reason: str(raw.reason) ?? 'ended' };
    default:
      return null;
  }
}
