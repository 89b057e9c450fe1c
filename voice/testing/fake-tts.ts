import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError } from '../providers/errors.ts';
import type { TtsProvider } from '../providers/tts/types.ts';
import { encodeSpeech } from './speech-code.ts';

export interface FakeTtsOptions {
  label?: string;
  /** Audio length per character of text (deterministic, proportional to the text). */
  msPerChar?: number;
  /** Bytes per yielded chunk. */
  chunkBytes?: number;
  /** Delay before the first chunk (a "slow provider"). */
  firstByteDelayMs?: number;
  /** Delay between chunks. */
  chunkDelayMs?: number;
  /** Return an error to fail synthesis of this text. */
  failWhen?: (text: string, callNo: number) => ProviderError | null;
}

export interface FakeTtsCall {
  text: string;
  bytes: number;
  aborted: boolean;
}

/**
 * A scriptable TTS: μ-law bytes that carry the text (see speech-code.ts), `msPerChar` long, in
 * chunks. Abort ends the iterator with ProviderError('aborted'), as the contract requires.
 */
export class FakeTts implements TtsProvider {
  readonly label: string;
  readonly encoding = 'mulaw' as const;
  readonly sampleRate = 8000 as const;
  readonly calls: FakeTtsCall[] = [];
  private readonly options: FakeTtsOptions;

  constructor(options: FakeTtsOptions = {}) {
    this.options = options;
    this.label = options.label ?? 'fake-tts';
  }

  async *synthesize(text: string, options: { signal: AbortSignal }): AsyncIterable<Buffer> {
    const call: FakeTtsCall = { text, bytes: 0, aborted: false };
    this.calls.push(call);
    const failure = this.options.failWhen?.(text, this.calls.length);
    if (failure) throw failure;
    const audio = encodeSpeech(text, text.length * (this.options.msPerChar ?? 5));
    const chunk = this.options.chunkBytes ?? 800;
    const aborted = () => {
      call.aborted = true;
      return new ProviderError(this.label, 'aborted', 'synthesis aborted');
    };
    if (this.options.firstByteDelayMs)
      await sleep(this.options.firstByteDelayMs, undefined, { signal: options.signal }).catch(() => {});
    for (let offset = 0; offset < audio.length; offset += chunk) {
      if (options.signal.aborted) throw aborted();
      if (offset > 0 && this.options.chunkDelayMs) {
        await sleep(this.options.chunkDelayMs, undefined, { signal: options.signal }).catch(() => {});
        if (options.signal.aborted) throw aborted();
      }
      const piece = audio.subarray(offset, offset + chunk);
      call.bytes += piece.length;
      yield piece;
    }
  }
}
