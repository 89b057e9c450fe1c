import { decodeMulawSample, FRAME_MS } from './mulaw.ts';

/**
 * Energy-based voice activity detection over 20 ms μ-law frames. Pure state machine, no I/O:
 * speech starts after `minSpeechMs` of frames above `startThresholdDb`, and ends after
 * `hangoverMs` of frames below `stopThresholdDb` (hysteresis keeps a word's quiet tail in).
 */
export interface VadOptions {
  /** dBFS a frame must exceed to count as speech (default -40). */
  startThresholdDb?: number;
  /** dBFS below which a frame counts as silence once speaking (default -45). */
  stopThresholdDb?: number;
  /** Voiced time needed before speech_start; filters clicks (default 60 ms). */
  minSpeechMs?: number;
  /** Silence needed before speech_end (default 600 ms). */
  hangoverMs?: number;
}

export type VadEvent = { type: 'speech_start'; atMs: number } | { type: 'speech_end'; atMs: number };

/** The level above which a frame counts as speech, unless a VAD is configured otherwise. */
export const DEFAULT_START_THRESHOLD_DB = -40;

/** Mean square of a μ-law frame's PCM samples, without allocating (it runs on every frame). */
export function frameMeanSquare(frame: Uint8Array): number {
  if (frame.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < frame.length; i++) {
    const v = decodeMulawSample(frame[i]!);
    sum += v * v;
  }
  return sum / frame.length;
}

/** Root-mean-square level of a μ-law frame in dBFS (-∞ for digital silence is clamped to -100). */
export function frameLevelDb(frame: Uint8Array): number {
  if (frame.length === 0) return -100;
  const rms = Math.sqrt(frameMeanSquare(frame));
  return rms < 1 ? -100 : 20 * Math.log10(rms / 32768);
}

/** Whether a frame is louder than `thresholdDb`, compared as mean square: no log, no square root. */
export function isVoicedFrame(frame: Uint8Array, thresholdDb = DEFAULT_START_THRESHOLD_DB): boolean {
  return frame.length > 0 && frameMeanSquare(frame) > (32768 * 10 ** (thresholdDb / 20)) ** 2;
}

export class EnergyVad {
  private readonly start: number;
  private readonly stop: number;
  private readonly minSpeechMs: number;
  private readonly hangoverMs: number;
  private voicedMs = 0;
  private silentMs = 0;
  private clockMs = 0;
  private inSpeech = false;

  constructor(options: VadOptions = {}) {
    this.start = options.startThresholdDb ?? DEFAULT_START_THRESHOLD_DB;
    this.stop = options.stopThresholdDb ?? -45;
    this.minSpeechMs = options.minSpeechMs ?? 60;
    this.hangoverMs = options.hangoverMs ?? 600;
  }

  get speaking(): boolean {
    return this.inSpeech;
  }

  /** Stream time in ms (frames seen × frame length). */
  get timeMs(): number {
    return this.clockMs;
  }

  /** Feeds one frame (any length; time advances by its duration at 8 kHz). */
  process(frame: Uint8Array): VadEvent | null {
    const durationMs = frame.length > 0 ? (frame.length / 160) * FRAME_MS : 0;
    this.clockMs += durationMs;
    const level = frameLevelDb(frame);
    if (!this.inSpeech) {
      this.voicedMs = level > this.start ? this.voicedMs + durationMs : 0;
      if (this.voicedMs >= this.minSpeechMs) {
        this.inSpeech = true;
        this.silentMs = 0;
        return { type: 'speech_start', atMs: this.clockMs - this.voicedMs };
      }
      return null;
    }
    this.silentMs = level < this.stop ? this.silentMs + durationMs : 0;
    if (this.silentMs >= this.hangoverMs) {
      this.inSpeech = false;
      this.voicedMs = 0;
      return { type: 'speech_end', atMs: this.clockMs - this.silentMs };
    }
    return null;
  }

  reset(): void {
    this.inSpeech = false;
    this.voicedMs = 0;
    this.silentMs = 0;
  }
}
