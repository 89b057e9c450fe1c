import type { BusinessProfile } from '../../../lib/business-profile.ts';
import type { ProviderReporting } from '../switch-event.ts';

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, as an LLM writes it. */
  arguments: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

/** A tool the agent may call; `parameters` is a JSON Schema object. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export type LlmChunk = { type: 'text'; delta: string } | { type: 'tool_call'; call: ToolCall };

/**
 * What a model-free engine needs to answer without a prompt: the business and a way to search its
 * documents. Model providers (OpenAI) get the same facts through the system prompt and ignore this.
 */
export interface ConversationContext {
  business: BusinessProfile;
  /** Full-text search over the business's uploaded documents; best passages first. */
  searchDocuments(query: string): Promise<string[]>;
  /** "Now" for date arithmetic (tests fix it). */
  now: Date;
}

export interface ChatRequest extends ProviderReporting {
  messages: ChatMessage[];
  tools: ToolSpec[];
  signal: AbortSignal;
  context: ConversationContext;
}

export interface LlmProvider {
  readonly label: string;
  readonly model: string;
  chat(request: ChatRequest): AsyncIterable<LlmChunk>;
}
