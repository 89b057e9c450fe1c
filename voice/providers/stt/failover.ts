import { AsyncQueue } from '../async-queue.ts';
import { AllProvidersFailedError, ProviderError } from '../errors.ts';
import { asProviderError, childController, FailoverChain, type FailoverOptions } from '../failover-chain.ts';
import type { SttEvent, SttProvider, SttStream, SttStreamOptions } from './types.ts';

export interface SttFailoverOptions extends FailoverOptions {
  /** Upper bound on the replay buffer (default 30 s of audio); older audio is dropped first. */
  maxReplayMs?: number;
}

interface Attempt {
  /** Byte offset in the call's audio where this child's stream time 0 lies. */
  baseOffset: number;
  position: number;
  index: number;
  stream: SttStream;
  controller: AbortController;
  timer: NodeJS.Timeout | null;
}

/**
 * STT that walks a chain of providers during one call. It keeps every frame pushed since the last
 * final transcript; when the serving provider errors, disconnects, is not listening within
 * `attemptTimeoutMs`, or does not answer a flush/end within it, the next provider gets a new
 * stream and that audio is replayed into it first, so the words in flight are not lost.
 */
export class FailoverStt implements SttProvider {
  readonly chain: FailoverChain<SttProvider>;
  private readonly maxReplayFrames: number;

  constructor(children: readonly SttProvider[], options: SttFailoverOptions = {}) {
    this.chain = new FailoverChain('stt', children, options, (child) => async (signal) => {
      const probe = (child as { probe?: (signal: AbortSignal) => Promise<void> }).probe;
      if (probe) return probe.call(child, signal);
      const stream = child.stream({ signal });
      await stream.ready;
      await stream.end();
    });
    this.maxReplayFrames = Math.ceil((options.maxReplayMs ?? 30_000) / 20);
  }

  get label(): string {
    return this.chain.label;
  }

  get capabilities() {
    const first = this.chain.children[0]!;
    return { ...first.capabilities };
  }

  stream(options: SttStreamOptions): SttStream {
    return new FailoverSttStream(this.chain, options, this.maxReplayFrames);
  }

  dispose(): void {
    this.chain.dispose();
  }
}

class FailoverSttStream implements SttStream {
  private readonly out = new AsyncQueue<SttEvent>();
  private readonly order: number[];
  private readonly errors: ProviderError[] = [];
  /** Frames no final has covered yet, with their byte offset in the call's audio. */
  private replay: { frame: Buffer; offset: number }[] = [];
  private pushedBytes = 0;
  private current: Attempt;
  private flushPending = false;
  private endCalled = false;
  private readonly finished: Promise<void>;
  private resolveFinished!: () => void;

  private readonly chain: FailoverChain<SttProvider>;
  private readonly options: SttStreamOptions;
  private readonly maxReplayFrames: number;
  /** Speech was heard (interim or speech_started) that no final has settled yet. */
  private unsettled = false;

  constructor(chain: FailoverChain<SttProvider>, options: SttStreamOptions, maxReplayFrames: number) {
    this.chain = chain;
    this.options = options;
    this.maxReplayFrames = maxReplayFrames;
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
    this.order = chain.order();
    options.signal.addEventListener('abort', () => this.finish(), { once: true });
    this.current = this.start(0);
  }

  get provider(): string {
    return this.chain.children[this.current.index]!.label;
  }

  private start(position: number): Attempt {
    const index = this.order[position]!;
    const child = this.chain.children[index]!;
    const controller = childController(this.options.signal);
    const stream = child.stream({ ...this.options, signal: controller.signal, onSwitch: undefined });
    const baseOffset = this.replay[0]?.offset ?? this.pushedBytes;
    const attempt: Attempt = { baseOffset, position, index, stream, controller, timer: null };
    this.current = attempt;
    for (const { frame } of this.replay) stream.push(frame);
    if (this.endCalled) {
      void stream.end();
      this.arm(attempt, 'final results after end');
    } else if (this.flushPending) {
      stream.flush();
      this.arm(attempt, 'final after flush');
    }
    if (stream.ready) {
      const deadline = setTimeout(
        () =>
          this.fail(
            attempt,
            new ProviderError(
              child.label,
              'timeout',
              `not listening within ${this.chain.attemptTimeoutMs} ms`,
            ),
          ),
        this.chain.attemptTimeoutMs,
      );
      stream.ready.then(
        () => {
          clearTimeout(deadline);
          if (attempt === this.current) this.chain.succeeded(index);
        },
        (error) => {
          clearTimeout(deadline);
          this.fail(attempt, asProviderError(child.label, error));
        },
      );
    }
    void this.pump(attempt);
    return attempt;
  }

  /** A deadline for the serving provider to answer a flush or end. */
  private arm(attempt: Attempt, what: string): void {
    if (attempt.timer) return;
    const label = this.chain.children[attempt.index]!.label;
    attempt.timer = setTimeout(
      () =>
        this.fail(
          attempt,
          new ProviderError(label, 'timeout', `no ${what} within ${this.chain.attemptTimeoutMs} ms`),
        ),
      this.chain.attemptTimeoutMs,
    );
  }

  private disarm(attempt: Attempt): void {
    if (attempt.timer) clearTimeout(attempt.timer);
    attempt.timer = null;
  }

  private async pump(attempt: Attempt): Promise<void> {
    const label = this.chain.children[attempt.index]!.label;
    try {
      for await (const event of attempt.stream) {
        if (attempt !== this.current) return;
        if (event.type === 'final') {
          this.settle(attempt, event.audioEndMs);
          this.flushPending = false;
          this.unsettled = false;
          if (!this.endCalled) this.disarm(attempt);
          this.chain.succeeded(attempt.index);
        }
        if (event.type === 'interim' || event.type === 'speech_started') this.unsettled = true;
        this.out.push(event);
      }
      if (attempt !== this.current) return;
      if (this.endCalled || this.options.signal.aborted) {
        this.disarm(attempt);
        this.finish();
        return;
      }
      throw new ProviderError(label, 'connectivity', 'stream ended unexpectedly');
    } catch (error) {
      this.fail(attempt, asProviderError(label, error));
    }
  }

  /**
   * A final settles the audio it covers: that audio will never need replaying. With the provider's
   * `audioEndMs` only the covered frames are dropped (finals arrive after later audio was already
   * pushed); without it, everything pushed so far is taken as covered.
   */
  private settle(attempt: Attempt, audioEndMs: number | undefined): void {
    if (audioEndMs === undefined) {
      this.replay = [];
      return;
    }
    const end = attempt.baseOffset + audioEndMs * 8;
    let drop = 0;
    while (drop < this.replay.length && this.replay[drop]!.offset + this.replay[drop]!.frame.length <= end)
      drop++;
    this.replay.splice(0, drop);
  }

  private fail(attempt: Attempt, error: ProviderError): void {
    if (attempt !== this.current || this.out.closed) return;
    this.disarm(attempt);
    attempt.controller.abort();
    if (this.options.signal.aborted) {
      this.finish();
      return;
    }
    this.errors.push(error);
    this.chain.failed(attempt.index, error);
    const next = attempt.position + 1 < this.order.length ? attempt.position + 1 : null;
    this.chain.reportSwitch(
      attempt.index,
      next === null ? null : this.order[next]!,
      error,
      this.options.onSwitch,
    );
    if (next === null) {
      this.out.fail(new AllProvidersFailedError('stt', this.errors));
      this.resolveFinished();
      return;
    }
    this.start(next);
  }

  private finish(): void {
    this.disarm(this.current);
    this.out.end();
    this.resolveFinished();
  }

  push(frame: Buffer): void {
    if (this.endCalled || this.out.closed) return;
    this.replay.push({ frame, offset: this.pushedBytes });
    this.pushedBytes += frame.length;
    if (this.replay.length > this.maxReplayFrames) this.replay.shift();
    this.current.stream.push(frame);
  }

  flush(): void {
    if (this.endCalled || this.out.closed) return;
    this.current.stream.flush();
    // Only unsettled audio needs an answer; a flush over silence may legitimately produce nothing.
    if (this.unsettled) {
      this.flushPending = true;
      this.arm(this.current, 'final after flush');
    }
  }

  async end(): Promise<void> {
    if (this.endCalled || this.out.closed) return this.finished;
    this.endCalled = true;
    this.arm(this.current, 'final results after end');
    await this.current.stream.end();
    return this.finished;
  }

  [Symbol.asyncIterator](): AsyncIterator<SttEvent> {
    return this.out[Symbol.asyncIterator]();
  }
}

export function failoverStt(children: readonly SttProvider[], options: SttFailoverOptions = {}): FailoverStt {
  return new FailoverStt(children, options);
}
