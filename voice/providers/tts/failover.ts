import { AllProvidersFailedError, ProviderError } from '../errors.ts';
import {
  asProviderError,
  childController,
  FailoverChain,
  type FailoverOptions,
  nextWithin,
} from '../failover-chain.ts';
import type { ProviderReporting } from '../switch-event.ts';
import type { TtsProvider } from './types.ts';

export interface TtsFailoverOptions extends FailoverOptions {
  /**
   * Speaking rate used to estimate how much of a sentence the caller already heard when a
   * provider dies mid-sentence (default 14 characters per second, i.e. about 150 words/min).
   */
  charsPerSecond?: number;
}

/**
 * Where to resume a sentence after `heardBytes` of 8 kHz μ-law were delivered: the estimated
 * position, moved forward to the next word boundary, so the word that was being spoken is not
 * said twice (a clipped word is less jarring than a repeated one).
 */
export function remainingText(text: string, heardBytes: number, charsPerSecond: number): string {
  const heardChars = Math.floor((heardBytes / 8000) * charsPerSecond);
  if (heardChars <= 0) return text;
  if (heardChars >= text.length) return '';
  const boundary = text.slice(heardChars).search(/\s/);
  return boundary < 0 ? '' : text.slice(heardChars + boundary).trim();
}

/**
 * TTS that walks a chain of providers. Before the first chunk of a sentence, a failed provider is
 * simply replaced and the next one speaks the whole sentence. After audio went out, the next one
 * speaks only the rest of the sentence (see `remainingText`): what the caller heard is never
 * repeated. Each chunk must arrive within `attemptTimeoutMs` of the previous one.
 */
export class FailoverTts implements TtsProvider {
  readonly encoding = 'mulaw' as const;
  readonly sampleRate = 8000 as const;
  readonly chain: FailoverChain<TtsProvider>;
  private readonly charsPerSecond: number;

  constructor(children: readonly TtsProvider[], options: TtsFailoverOptions = {}) {
    this.chain = new FailoverChain('tts', children, options, (child) => async (signal) => {
      const probe = (child as { probe?: (signal: AbortSignal) => Promise<void> }).probe;
      if (probe) return probe.call(child, signal);
      for await (const _chunk of child.synthesize('OK.', { signal })) return;
    });
    this.charsPerSecond = options.charsPerSecond ?? 14;
  }

  get label(): string {
    return this.chain.label;
  }

  async *synthesize(
    text: string,
    options: { signal: AbortSignal; voice?: string } & ProviderReporting,
  ): AsyncIterable<Buffer> {
    const { signal } = options;
    const errors: ProviderError[] = [];
    let pending = text;
    const order = this.chain.order();
    for (let position = 0; position < order.length; position++) {
      const index = order[position]!;
      const child = this.chain.children[index]!;
      const controller = childController(signal);
      const iterator = child
        .synthesize(pending, { signal: controller.signal, voice: options.voice })
        [Symbol.asyncIterator]();
      let delivered = 0;
      try {
        for (;;) {
          const result = await nextWithin(iterator, this.chain.attemptTimeoutMs, child.label, 'audio');
          if (result.done) break;
          if (delivered === 0) options.onProvider?.(child.label);
          delivered += result.value.length;
          yield result.value;
        }
        this.chain.succeeded(index);
        return;
      } catch (thrown) {
        controller.abort();
        void iterator.return?.()?.catch(() => {});
        const error = asProviderError(child.label, thrown);
        if (signal.aborted) throw new ProviderError(child.label, 'aborted', 'aborted', { cause: thrown });
        errors.push(error);
        this.chain.failed(index, error);
        if (delivered > 0) pending = remainingText(pending, delivered, this.charsPerSecond);
        const next = order[position + 1];
        this.chain.reportSwitch(index, next ?? null, error, options.onSwitch);
        if (pending === '') return;
      } finally {
        // Also runs when our consumer stops early (barge-in): the child must stop at once.
        controller.abort();
      }
    }
    throw new AllProvidersFailedError('tts', errors);
  }

  dispose(): void {
    this.chain.dispose();
  }
}

export function failoverTts(children: readonly TtsProvider[], options: TtsFailoverOptions = {}): FailoverTts {
  return new FailoverTts(children, options);
}
