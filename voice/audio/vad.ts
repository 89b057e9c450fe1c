import { FRAME_MS, mulawToPcm16 } from './mulaw.ts';

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

/** Root-mean-square level of a μ-law frame in dBFS (-∞ for digital silence is clamped to -100). */
export function frameLevelDb(frame: Uint8Array): number {
  if (frame.length === 0) return -100;
  const pcm = mulawToPcm16(frame);
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += pcm[i]! * pcm[i]!;
  const rms = Math.sqrt(sum / pcm.length);
  return rms < 1 ? -100 : 20 * Math.log10(rms / 32768);
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
    this.start = options.startThresholdDb ?? -40;
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
