import type { TtsProvider } from '../providers/tts/types.ts';
import type { MediaTransport } from '../transport/media-transport.ts';

/** One sentence on its way to the caller. */
export interface Utterance {
  text: string;
  turn: number;
  /** Which LLM round wrote it; -1 for fillers and system lines (kept out of the model history). */
  round: number;
  interruptible: boolean;
  sentBytes: number;
  heardBytes: number;
  /** Heard audio (acknowledged chunks), for the turn record. */
  heardAudio: Buffer[];
  synthesized: boolean;
  started: boolean;
}

interface PendingMark {
  utterance: Utterance;
  chunk: Buffer;
}

export interface PlayoutHooks {
  /** First audio of an utterance left for the caller. */
  onUtteranceStart(utterance: Utterance, ttsFirstByteMs: number): void;
  onSynthesisError(error: unknown, utterance: Utterance): void;
}

/**
 * Sends synthesized audio in order, a mark after each chunk, and tracks acknowledgements: marks
 * are the truth about what the caller heard (Twilio echoes a mark once the audio before it played;
 * after `clear` it returns the pending ones, which therefore do not count).
 */
export class Playout {
  private readonly transport: MediaTransport;
  private readonly chunkBytes: number;
  private readonly drainGraceMs: number;
  private readonly hooks: PlayoutHooks;
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private readonly marks = new Map<string, PendingMark>();
  private markSeq = 0;
  private playEndsAt = 0;
  private drainWaiters: (() => void)[] = [];
  private drainTimer: NodeJS.Timeout | null = null;
  private epoch = 0;
  private readonly tts: TtsProvider;

  constructor(
    transport: MediaTransport,
    tts: TtsProvider,
    options: { chunkBytes: number; drainGraceMs: number },
    hooks: PlayoutHooks,
  ) {
    this.transport = transport;
    this.chunkBytes = options.chunkBytes;
    this.drainGraceMs = options.drainGraceMs;
    this.hooks = hooks;
    this.tts = tts;
  }

  /** True while audio is queued, being synthesized, or not yet acknowledged. */
  get busy(): boolean {
    return this.queued > 0 || this.marks.size > 0;
  }

  /** True if anything in flight may be interrupted by the caller. */
  get interruptible(): boolean {
    for (const m of this.marks.values()) if (!m.utterance.interruptible) return false;
    return true;
  }

  /** Queues a sentence; resolves when its audio has been sent (not heard). */
  speak(utterance: Utterance, signal: AbortSignal): Promise<void> {
    const epoch = this.epoch;
    this.queued++;
    const run = this.chain.then(async () => {
      try {
        if (epoch === this.epoch && !signal.aborted) await this.synthesize(utterance, signal, epoch);
      } finally {
        this.queued--;
        this.checkDrained();
      }
    });
    this.chain = run.catch(() => {});
    return run;
  }

  private async synthesize(utterance: Utterance, signal: AbortSignal, epoch: number): Promise<void> {
    const requestedAt = performance.now();
    try {
      for await (const audio of this.tts.synthesize(utterance.text, { signal })) {
        if (signal.aborted || epoch !== this.epoch) return;
        if (!utterance.started) {
          utterance.started = true;
          this.hooks.onUtteranceStart(utterance, performance.now() - requestedAt);
        }
        for (let offset = 0; offset < audio.length; offset += this.chunkBytes) {
          this.sendChunk(utterance, audio.subarray(offset, offset + this.chunkBytes));
        }
      }
      utterance.synthesized = true;
    } catch (error) {
      if (!signal.aborted && epoch === this.epoch) this.hooks.onSynthesisError(error, utterance);
    }
  }

  private sendChunk(utterance: Utterance, chunk: Buffer): void {
    const name = `m${++this.markSeq}`;
    this.transport.sendAudio(chunk);
    this.transport.sendMark(name);
    utterance.sentBytes += chunk.length;
    this.marks.set(name, { utterance, chunk });
    const now = performance.now();
    this.playEndsAt = Math.max(this.playEndsAt, now) + chunk.length / 8;
  }

  /** A mark came back: the audio before it was played. */
  acknowledge(name: string): void {
    const mark = this.marks.get(name);
    if (!mark) return; // unknown, or returned by `clear` (not heard)
    this.marks.delete(name);
    mark.utterance.heardBytes += mark.chunk.length;
    mark.utterance.heardAudio.push(mark.chunk);
    this.checkDrained();
  }

  /** Barge-in: drop queued audio at the far end and everything not yet sent. Synchronous. */
  interrupt(): void {
    this.epoch++;
    // Marks returned by `clear` were not played: forget them first (a transport may return them
    // synchronously) so they never count as heard.
    this.marks.clear();
    this.transport.clear();
    this.playEndsAt = 0;
    this.checkDrained();
  }

  /** Resolves once everything sent has been acknowledged (or would surely have played). */
  drained(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => {
      this.drainWaiters.push(resolve);
      this.armDrainTimer();
    });
  }

  private armDrainTimer(): void {
    if (this.drainTimer) clearTimeout(this.drainTimer);
    const wait = Math.max(0, this.playEndsAt - performance.now()) + this.drainGraceMs;
    this.drainTimer = setTimeout(() => {
      this.drainTimer = null;
      if (this.queued > 0) return this.armDrainTimer();
      // The far end never acknowledged: count the audio as heard rather than hang the call.
      for (const name of [...this.marks.keys()]) this.acknowledge(name);
    }, wait);
    this.drainTimer.unref?.();
  }

  private checkDrained(): void {
    if (this.busy) {
      if (this.drainWaiters.length > 0) this.armDrainTimer();
      return;
    }
    if (this.drainTimer) {
      clearTimeout(this.drainTimer);
      this.drainTimer = null;
    }
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  dispose(): void {
    this.epoch++;
    this.marks.clear();
    this.queued = 0;
    this.checkDrained();
  }
}

/** The part of an utterance the caller heard, cut at a word boundary in proportion to heard audio. */
export function heardText(u: Utterance): string {
  if (u.heardBytes === 0) return '';
  if (u.synthesized && u.heardBytes >= u.sentBytes) return u.text;
  const words = u.text.split(/\s+/);
  const total = Math.max(u.sentBytes, 1);
  const count = Math.floor((words.length * u.heardBytes) / total);
  return count >= words.length ? u.text : `${words.slice(0, count).join(' ')}…`.trim();
}
