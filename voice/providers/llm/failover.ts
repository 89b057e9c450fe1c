import { AllProvidersFailedError, ProviderError } from '../errors.ts';
import {
  asProviderError,
  childController,
  FailoverChain,
  type FailoverOptions,
  nextWithin,
} from '../failover-chain.ts';
import type { ChatRequest, LlmChunk, LlmProvider } from './types.ts';

/**
 * LLM that walks a chain of providers. A turn is retried on the next provider only while nothing
 * of the reply has been passed on: once text reached the caller, a failure ends the reply there
 * (what was said stays said) instead of starting a second, different answer. Each chunk must
 * arrive within `attemptTimeoutMs` of the previous one.
 */
export class FailoverLlm implements LlmProvider {
  readonly chain: FailoverChain<LlmProvider>;

  constructor(children: readonly LlmProvider[], options: FailoverOptions = {}) {
    this.chain = new FailoverChain('llm', children, options, (child) => {
      // A provider without a cheap probe is simply given another chance after the pause.
      const probe = (child as { probe?: (signal: AbortSignal) => Promise<void> }).probe;
      return probe ? (signal) => probe.call(child, signal) : undefined;
    });
  }

  get label(): string {
    return this.chain.label;
  }

  get model(): string {
    return this.chain.children.map((c) => c.model).join('>');
  }

  async *chat(request: ChatRequest): AsyncIterable<LlmChunk> {
    const { signal } = request;
    const errors: ProviderError[] = [];
    const order = this.chain.order();
    for (let position = 0; position < order.length; position++) {
      const index = order[position]!;
      const child = this.chain.children[index]!;
      const controller = childController(signal);
      const iterator = child
        .chat({ ...request, signal: controller.signal, onSwitch: undefined, onProvider: undefined })
        [Symbol.asyncIterator]();
      let emitted = false;
      try {
        for (;;) {
          const result = await nextWithin(iterator, this.chain.attemptTimeoutMs, child.label, 'reply');
          if (result.done) break;
          if (result.value.type === 'text' && result.value.delta === '') continue;
          if (!emitted) request.onProvider?.(child.label);
          emitted = true;
          yield result.value;
        }
        this.chain.succeeded(index);
        return;
      } catch (thrown) {
        void iterator.return?.()?.catch(() => {});
        const error = asProviderError(child.label, thrown);
        if (signal.aborted) throw new ProviderError(child.label, 'aborted', 'aborted', { cause: thrown });
        errors.push(error);
        this.chain.failed(index, error);
        const next = order[position + 1];
        if (emitted) {
          this.chain.reportSwitch(index, null, error, request.onSwitch);
          return;
        }
        this.chain.reportSwitch(index, next ?? null, error, request.onSwitch);
      } finally {
        controller.abort();
      }
    }
    throw new AllProvidersFailedError('llm', errors);
  }

  dispose(): void {
    this.chain.dispose();
  }
}

export function failoverLlm(children: readonly LlmProvider[], options: FailoverOptions = {}): FailoverLlm {
  return new FailoverLlm(children, options);
}
