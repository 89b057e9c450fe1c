/**
 * The jitter-buffer maths for agent audio, on the AudioContext clock (seconds), with no Web Audio
 * objects so it is unit-tested. Chunks are placed back to back; the first chunk after silence (or
 * after an underrun) starts `prebufferSec` in the future so network jitter does not cause gaps.
 * A mark is due when every chunk scheduled before it has finished playing — that is the moment
 * the browser acknowledges it to the server, as Twilio does.
 */
export interface PlayoutOptions {
  /** Initial buffering before playback starts (60–100 ms keeps gaps away at small latency). */
  prebufferSec?: number;
  /** A chunk that would start sooner than this counts as an underrun and rebuffers. */
  minLeadSec?: number;
}

/** A chunk arriving this soon after playback ran dry belongs to the same utterance. */
const UNDERRUN_WINDOW_SEC = 0.5;

export class PlayoutSchedule {
  private readonly prebufferSec: number;
  private readonly minLeadSec: number;
  /** When the audio scheduled so far ends (0 = nothing scheduled). */
  private endAt = 0;
  private marks: { name: string; at: number }[] = [];
  /** Times playback had to rebuffer after it started (a gap the caller heard). */
  underruns = 0;

  constructor(options: PlayoutOptions = {}) {
    this.prebufferSec = options.prebufferSec ?? 0.08;
    this.minLeadSec = options.minLeadSec ?? 0.005;
  }

  /** Start time for a chunk of `durationSec` arriving at `now`. */
  schedule(durationSec: number, now: number): number {
    let start = this.endAt;
    if (start < now + this.minLeadSec) {
      // Audio that ran dry moments ago was still being spoken: the caller heard a gap.
      if (this.endAt > 0 && now - this.endAt < UNDERRUN_WINDOW_SEC) this.underruns++;
      start = now + this.prebufferSec;
    }
    this.endAt = start + durationSec;
    return start;
  }

  /** Records a mark after everything scheduled so far. */
  mark(name: string, now: number): void {
    this.marks.push({ name, at: Math.max(now, this.endAt) });
  }

  /** Marks whose audio has finished playing by `now`, in order. */
  due(now: number): string[] {
    let n = 0;
    while (n < this.marks.length && this.marks[n]!.at <= now) n++;
    return this.marks.splice(0, n).map((m) => m.name);
  }

  /** Barge-in: drops everything scheduled and returns every pending mark at once. */
  clear(): string[] {
    this.endAt = 0;
    return this.marks.splice(0).map((m) => m.name);
  }

  /** True while scheduled audio is still playing at `now`. */
  playing(now: number): boolean {
    return this.endAt > now;
  }
}
