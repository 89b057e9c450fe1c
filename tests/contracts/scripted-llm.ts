import { ProviderError } from '../../voice/providers/errors.ts';
import type { ChatRequest, LlmChunk, LlmProvider } from '../../voice/providers/llm/types.ts';

/** A minimal in-process LlmProvider for failover tests: says `reply` word by word, or fails. */
export class ScriptedLlm implements LlmProvider {
  readonly label: string;
  readonly model = 'scripted';
  reply = 'Backup answer.';
  failWith: ProviderError | null = null;
  /** Chunks to emit before failing (with failWith set). */
  failAfterChunks = 0;
  calls = 0;

  constructor(label: string) {
    this.label = label;
  }

  async *chat(request: ChatRequest): AsyncIterable<LlmChunk> {
    this.calls += 1;
    const words = this.reply.split(/(?<= )/);
    for (let i = 0; i < words.length; i++) {
      if (this.failWith && i >= this.failAfterChunks) throw this.failWith;
      if (request.signal.aborted) throw new ProviderError(this.label, 'aborted', 'aborted');
      await new Promise((resolve) => setImmediate(resolve));
      yield { type: 'text', delta: words[i]! };
    }
    if (this.failWith) throw this.failWith;
  }
}

export const emptyContext = {
  business: {} as never,
  searchDocuments: async () => [],
  now: new Date('2026-11-24T10:00:00Z'),
};
