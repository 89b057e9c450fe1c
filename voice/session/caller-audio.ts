import { decodeMulawSample } from '../audio/mulaw.ts';

/**
 * A frame above -40 dBFS RMS counts as voiced (the start threshold of voice/audio/vad.ts), compared
 * as mean square so the per-frame hot path needs no allocation, log or square root.
 */
const VOICED_MEAN_SQUARE = (32768 * 10 ** (-40 / 20)) ** 2;

function voiced(frame: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) {
    const v = decodeMulawSample(frame[i]!);
    sum += v * v;
  }
  return frame.length > 0 && sum / frame.length > VOICED_MEAN_SQUARE;
}
const MAX_BYTES = 60 * 8000;

/**
 * The caller's audio since the last turn (kept for the turn record, at most 60 s) and when their
 * voice was last heard: "caller stopped" for latency is the last voiced frame, not the STT's later
 * endpoint signal.
 */
export class CallerAudio {
  private frames: Buffer[] = [];
  private bytes = 0;
  lastVoicedAt: number | null = null;

  /** Keeps the frame; returns whether it is voiced. */
  keep(frame: Buffer): boolean {
    this.frames.push(frame);
    this.bytes += frame.length;
    while (this.bytes > MAX_BYTES && this.frames.length > 1) this.bytes -= this.frames.shift()!.length;
    const isVoiced = voiced(frame);
    if (isVoiced) this.lastVoicedAt = performance.now();
    return isVoiced;
  }

  take(): Buffer | null {
    if (this.frames.length === 0) return null;
    const audio = Buffer.concat(this.frames);
    this.frames = [];
    this.bytes = 0;
    return audio;
  }

  /** The moment the caller stopped, given when the STT signalled it. */
  stoppedAt(sttStoppedAt: number): number {
    const vad = this.lastVoicedAt;
    return vad !== null && vad <= sttStoppedAt && sttStoppedAt - vad < 5000 ? vad : sttStoppedAt;
  }
}
