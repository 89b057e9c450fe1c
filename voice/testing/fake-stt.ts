import { ProviderError } from '../providers/errors.ts';
import type { SttEvent, SttProvider, SttStream, SttStreamOptions } from '../providers/stt/types.ts';
import { decodePartial, decodeSpeech, isVoiced } from './speech-code.ts';

export interface FakeSttOptions {
  label?: string;
  /** Silent frames (20 ms each) after speech that end an utterance (the fake's endpointing). */
  endpointFrames?: number;
  /** Fail the stream with this error after this many pushed frames (failover tests). */
  failAfterFrames?: number;
  failWith?: () => ProviderError;
  confidence?: number;
}

/**
 * A scriptable STT. Audio-driven: it "hears" text encoded by `encodeSpeech` (speech_started on the
 * first voiced frame, interims as text arrives, a final with endOfUtterance after `endpointFrames`
 * of silence, then speech_ended). Tests can also inject any event with `stream.inject(event)`.
 */
export class FakeStt implements SttProvider {
  readonly label: string;
  readonly capabilities = { streaming: true, interimResults: true };
  readonly streams: FakeSttStream[] = [];
  private readonly options: FakeSttOptions;

  constructor(options: FakeSttOptions = {}) {
    this.options = options;
    this.label = options.label ?? 'fake-stt';
  }

  stream(options: SttStreamOptions): FakeSttStream {
    const stream = new FakeSttStream(this.label, this.options, options.signal);
    this.streams.push(stream);
    return stream;
  }
}

export class FakeSttStream implements SttStream {
  readonly provider: string;
  /** Every frame pushed, for assertions. */
  framesPushed = 0;
  ended = false;
  private readonly options: FakeSttOptions;
  private readonly queue: (SttEvent | Error)[] = [];
  private wake: (() => void) | null = null;
  private utterance: Buffer[] = [];
  private inSpeech = false;
  private silentRun = 0;
  private lastInterim = '';
  private textComplete = false;
  private done = false;

  constructor(provider: string, options: FakeSttOptions, signal: AbortSignal) {
    this.provider = provider;
    this.options = options;
    signal.addEventListener('abort', () => this.finish(), { once: true });
  }

  /** Emits an event as if the provider had produced it. */
  inject(event: SttEvent | Error): void {
    if (this.done) return;
    this.queue.push(event);
    this.wake?.();
  }

  push(frame: Buffer): void {
    if (this.done) return;
    this.framesPushed++;
    if (this.options.failAfterFrames !== undefined && this.framesPushed > this.options.failAfterFrames) {
      this.inject(
        this.options.failWith?.() ?? new ProviderError(this.provider, 'connectivity', 'stream dropped'),
      );
      this.done = true;
      return;
    }
    const atMs = this.framesPushed * 20;
    if (isVoiced(frame)) {
      this.silentRun = 0;
      if (!this.inSpeech) {
        this.inSpeech = true;
        this.inject({ type: 'speech_started', atMs });
      }
      this.utterance.push(frame);
      // Decode only while the text is still arriving (keeps the fake cheap in the call bench).
      if (!this.textComplete) {
        const audio = Buffer.concat(this.utterance);
        const partial = decodePartial(audio);
        this.textComplete = audio.includes(0x03);
        if (partial && partial !== this.lastInterim) {
          this.lastInterim = partial;
          this.inject({ type: 'interim', text: partial, confidence: 0.8 });
        }
      }
      return;
    }
    if (!this.inSpeech) return;
    this.silentRun++;
    if (this.silentRun >= (this.options.endpointFrames ?? 10)) this.endUtterance(atMs);
  }

  flush(): void {
    if (this.inSpeech) this.endUtterance(this.framesPushed * 20);
  }

  async end(): Promise<void> {
    this.flush();
    this.finish();
  }

  private endUtterance(atMs: number): void {
    const audio = Buffer.concat(this.utterance);
    const text = decodeSpeech(audio).join(' ') || decodePartial(audio);
    this.utterance = [];
    this.inSpeech = false;
    this.silentRun = 0;
    this.lastInterim = '';
    this.textComplete = false;
    this.inject({ type: 'final', text, confidence: this.options.confidence ?? 0.93, endOfUtterance: true });
    this.inject({ type: 'speech_ended', atMs });
  }

  private finish(): void {
    this.done = true;
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SttEvent> {
    while (true) {
      const next = this.queue.shift();
      if (next instanceof Error) throw next;
      if (next) {
        yield next;
        continue;
      }
      if (this.done) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
  }
}
