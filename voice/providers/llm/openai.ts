import OpenAI from 'openai';
import { ProviderError } from '../errors.ts';
import { mapSdkError } from '../sdk-errors.ts';
import type { ChatMessage, ChatRequest, LlmChunk, LlmProvider, ToolCall } from './types.ts';

export interface OpenAiLlmOptions {
  apiKey: string;
  /** Any OpenAI-compatible server; must include `/v1`. */
  baseUrl?: string;
  model: string;
  timeoutMs?: number;
}

type OpenAiMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

export function toOpenAiMessages(messages: ChatMessage[]): OpenAiMessage[] {
  return messages.map((m): OpenAiMessage => {
    switch (m.role) {
      case 'system':
      case 'user':
        return { role: m.role, content: m.content };
      case 'assistant':
        return {
          role: 'assistant',
          content: m.content,
          ...(m.toolCalls?.length && {
            tool_calls: m.toolCalls.map((c) => ({
              id: c.id,
              type: 'function' as const,
              function: { name: c.name, arguments: c.arguments },
            })),
          }),
        };
      case 'tool':
        return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
      default:
        throw new Error(`unknown message role ${(m as { role: string }).role}`);
    }
  });
}

/**
 * OpenAI chat completions (or any compatible server) with streaming and tools. Text deltas are
 * passed on as they arrive; tool calls are assembled from their fragments and emitted whole once
 * the model finishes them.
 */
export class OpenAiLlm implements LlmProvider {
  readonly label = 'openai';
  readonly model: string;
  private readonly client: OpenAI;

  constructor(options: OpenAiLlmOptions) {
    this.model = options.model;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      ...(options.baseUrl && { baseURL: options.baseUrl }),
      // Failover owns retries; the SDK's backoff would hold the caller in silence.
      maxRetries: 0,
      timeout: options.timeoutMs ?? 15_000,
    });
  }

  async *chat(request: ChatRequest): AsyncIterable<LlmChunk> {
    const { signal } = request;
    if (signal.aborted) throw new ProviderError(this.label, 'aborted', 'aborted');
    const calls = new Map<number, { id: string; name: string; arguments: string }>();
    const flushCalls = function* (): Generator<LlmChunk> {
      for (const [, call] of [...calls].sort(([a], [b]) => a - b)) {
        yield { type: 'tool_call', call: call satisfies ToolCall };
      }
      calls.clear();
    };
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: this.model,
          messages: toOpenAiMessages(request.messages),
          ...(request.tools.length > 0 && {
            tools: request.tools.map((t) => ({
              type: 'function' as const,
              function: { name: t.name, description: t.description, parameters: t.parameters },
            })),
            tool_choice: 'auto' as const,
          }),
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal },
      );
      for await (const chunk of stream) {
        if (signal.aborted) break;
        const choice = chunk.choices[0];
        if (!choice) continue;
        for (const fragment of choice.delta.tool_calls ?? []) {
          let call = calls.get(fragment.index);
          if (!call) {
            call = { id: fragment.id ?? `call_${fragment.index}`, name: '', arguments: '' };
            calls.set(fragment.index, call);
          }
          if (fragment.id) call.id = fragment.id;
          if (fragment.function?.name) call.name += fragment.function.name;
          call.arguments += fragment.function?.arguments ?? '';
        }
        if (choice.delta.content) yield { type: 'text', delta: choice.delta.content };
        if (choice.finish_reason) yield* flushCalls();
      }
      // The SDK's stream ends quietly on abort; our contract says aborted.
      if (signal.aborted) throw new ProviderError(this.label, 'aborted', 'aborted');
      yield* flushCalls();
    } catch (error) {
      throw mapSdkError(this.label, error, signal);
    }
  }

  /** Cheapest request that proves the key and the server work. */
  async probe(signal: AbortSignal): Promise<void> {
    try {
      await this.client.models.list({ signal });
    } catch (error) {
      throw mapSdkError(this.label, error, signal);
    }
  }
}
