import type { InboundMessage, OutboundMessage, StartInfo } from './messages.ts';

/** A frame we cannot use: logged and ignored by the caller, never fatal (Twilio errors 31924/31950). */
export class FrameError extends Error {
  readonly reason: 'binary' | 'not_json' | 'unknown_event' | 'invalid';
  constructor(reason: FrameError['reason'], message: string) {
    super(message);
    this.name = 'FrameError';
    this.reason = reason;
  }
}

const MAX_TEXT_TURN = 2000;

function obj(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function parseStart(raw: Record<string, unknown>): StartInfo {
  const start = obj(raw.start);
  if (!start) throw new FrameError('invalid', 'start without a start object');
  const streamSid = str(start.streamSid) ?? str(raw.streamSid);
  const callSid = str(start.callSid);
  if (!streamSid || !callSid) throw new FrameError('invalid', 'start without streamSid/callSid');
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(start.customParameters) ?? {}))
    if (typeof v === 'string') params[k] = v;
  const format = obj(start.mediaFormat);
  return {
    streamSid,
    callSid,
    accountSid: str(start.accountSid),
    tracks: Array.isArray(start.tracks)
      ? start.tracks.filter((t): t is string => typeof t === 'string')
      : undefined,
    customParameters: params,
    mediaFormat: format
      ? {
          encoding: str(format.encoding) ?? 'audio/x-mulaw',
          sampleRate: Number(format.sampleRate) || 8000,
          channels: Number(format.channels) || 1,
        }
      : undefined,
  };
}

/** Parses one WebSocket frame. Throws FrameError for anything that is not a usable message. */
export function parseInbound(data: unknown, isBinary: boolean): InboundMessage {
  if (isBinary) throw new FrameError('binary', 'binary frame');
  const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : null;
  if (text === null) throw new FrameError('binary', 'non-text frame');
  let raw: Record<string, unknown> | null;
  try {
    raw = obj(JSON.parse(text));
  } catch {
    throw new FrameError('not_json', 'frame is not JSON');
  }
  if (!raw) throw new FrameError('invalid', 'frame is not an object');
  const streamSid = str(raw.streamSid);
  switch (raw.event) {
    case 'connected':
      return { event: 'connected', protocol: str(raw.protocol), version: str(raw.version) };
    case 'start': {
      const start = parseStart(raw);
      return { event: 'start', streamSid: start.streamSid, start };
    }
    case 'media': {
      const media = obj(raw.media);
      const payload = str(media?.payload);
      if (payload === undefined) throw new FrameError('invalid', 'media without payload');
      // Only the caller's side; outbound echoes (track=outbound) are not caller speech.
      if (media?.track !== undefined && media.track !== 'inbound' && media.track !== 'inbound_track') {
        throw new FrameError('invalid', 'media on a non-inbound track');
      }
      const ts = Number(media?.timestamp);
      return {
        event: 'media',
        streamSid,
        timestampMs: Number.isFinite(ts) ? ts : null,
        payload: Buffer.from(payload, 'base64'),
      };
    }
    case 'mark': {
      const name = str(obj(raw.mark)?.name);
      if (!name) throw new FrameError('invalid', 'mark without name');
      return { event: 'mark', streamSid, name };
    }
    case 'dtmf': {
      const digit = str(obj(raw.dtmf)?.digit);
      if (!digit || !/^[0-9*#A-D]$/.test(digit)) throw new FrameError('invalid', 'dtmf without a digit');
      return { event: 'dtmf', streamSid, digit };
    }
    case 'stop':
      return { event: 'stop', streamSid };
    case 'text': {
      const turn = str(raw.text)?.trim();
      if (!turn) throw new FrameError('invalid', 'text turn without text');
      return { event: 'text', text: turn.slice(0, MAX_TEXT_TURN) };
    }
    default:
      throw new FrameError('unknown_event', 'unknown event');
  }
}

/** Serialises one outbound message in Twilio's JSON format. */
export function serializeOutbound(message: OutboundMessage): string {
  switch (message.event) {
    case 'media':
      return JSON.stringify({
        event: 'media',
        streamSid: message.streamSid,
        media: { payload: message.payload.toString('base64') },
      });
    case 'mark':
      return JSON.stringify({ event: 'mark', streamSid: message.streamSid, mark: { name: message.name } });
    case 'clear':
      return JSON.stringify({ event: 'clear', streamSid: message.streamSid });
  }
}
