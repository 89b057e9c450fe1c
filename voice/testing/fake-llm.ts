import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError } from '../providers/errors.ts';
import type { ChatMessage, ChatRequest, LlmChunk, LlmProvider, ToolCall } from '../providers/llm/types.ts';

/** One scripted reply: text (streamed word by word) and/or tool calls, or a failure. */
export interface FakeLlmStep {
  text?: string;
  toolCalls?: { name: string; arguments: Record<string, unknown> }[];
  fail?: ProviderError;
  /** Fail after this many text words have streamed (mid-stream failure). */
  failAfterWords?: number;
}

export type FakeLlmScript = FakeLlmStep[] | ((request: ChatRequest, callNo: number) => FakeLlmStep);

export interface FakeLlmOptions {
  label?: string;
  /** Delay before the first token. */
  firstTokenDelayMs?: number;
  /** Delay between words. */
  wordDelayMs?: number;
  /** What to say when a list script runs out. */
  fallbackText?: string;
}

export interface FakeLlmCall {
  messages: ChatMessage[];
  aborted: boolean;
  completed: boolean;
}

/** A scriptable LLM that streams like a model: text deltas word by word, then tool_call chunks. */
export class FakeLlm implements LlmProvider {
  readonly label: string;
  readonly model = 'scripted';
  readonly calls: FakeLlmCall[] = [];
  private readonly script: FakeLlmScript;
  private readonly options: FakeLlmOptions;
  private next = 0;

  constructor(script: FakeLlmScript = [], options: FakeLlmOptions = {}) {
    this.script = script;
    this.options = options;
    this.label = options.label ?? 'fake-llm';
  }

  private stepFor(request: ChatRequest, callNo: number): FakeLlmStep {
    if (typeof this.script === 'function') return this.script(request, callNo);
    return this.script[this.next++] ?? { text: this.options.fallbackText ?? 'Okay.' };
  }

  async *chat(request: ChatRequest): AsyncIterable<LlmChunk> {
    const call: FakeLlmCall = {
      messages: structuredClone(request.messages),
      aborted: false,
      completed: false,
    };
    this.calls.push(call);
    const step = this.stepFor(request, this.calls.length);
    const { signal } = request;
    const pause = async (ms: number | undefined) => {
      if (ms) await sleep(ms, undefined, { signal }).catch(() => {});
      if (signal.aborted) {
        call.aborted = true;
        throw new ProviderError(this.label, 'aborted', 'chat aborted');
      }
    };
    await pause(this.options.firstTokenDelayMs);
    if (step.fail) throw step.fail;
    const words = (step.text ?? '').split(/(?<=\s)/).filter(Boolean);
    for (const [i, word] of words.entries()) {
      if (step.failAfterWords !== undefined && i >= step.failAfterWords) {
        throw new ProviderError(this.label, 'connectivity', 'stream dropped');
      }
      if (i > 0) await pause(this.options.wordDelayMs);
      else await pause(undefined);
      yield { type: 'text', delta: word };
    }
    for (const [i, tool] of (step.toolCalls ?? []).entries()) {
      await pause(undefined);
      const toolCall: ToolCall = {
        id: `call_${this.calls.length}_${i}`,
        name: tool.name,
        arguments: JSON.stringify(tool.arguments),
      };
      yield { type: 'tool_call', call: toolCall };
    }
    call.completed = true;
  }
}
