import type { AgentTool, ToolContext, ToolOutcome } from '../agent/tools/tool.ts';
import { ProviderError } from '../providers/errors.ts';
import type {
  ChatMessage,
  ConversationContext,
  LlmProvider,
  ToolCall,
  ToolSpec,
} from '../providers/llm/types.ts';
import { SentenceSplitter } from './sentence-splitter.ts';
import type { ToolCallRecord } from './types.ts';

export interface TurnRunInput {
  llm: LlmProvider;
  tools: ReadonlyMap<string, AgentTool>;
  toolSpecs: ToolSpec[];
  /** System prompt + history + this turn's user message. */
  messages: ChatMessage[];
  context: ConversationContext;
  toolContext: ToolContext;
  maxRounds: number;
  signal: AbortSignal;
  /** Queue a sentence for playout (resolves when sent); `round` -1 marks fillers. */
  speak(text: string, round: number): Promise<void>;
  onLlmRequest(): void;
  onFirstToken(): void;
  onTool(record: ToolCallRecord, outcome: ToolOutcome | null): void;
}

export interface TurnRunResult {
  /** Assistant and tool messages this turn added, with the LLM round that wrote each. */
  added: { message: ChatMessage; round: number }[];
  toolCalls: ToolCallRecord[];
  outcomes: ToolOutcome[];
  failed: Error | null;
}

const SORRY = "I'm sorry, I'm having trouble with that right now. Could you say it again?";

/**
 * One caller turn: stream the model's reply sentence by sentence into playout (the first sentence
 * is synthesizing while the model writes the next), run its tool calls with a spoken filler, feed
 * the results back, and repeat until it answers without tools. Aborting stops the model and TTS at
 * once; tools that already started finish, so the history never holds a call without its result.
 */
export async function runTurn(input: TurnRunInput): Promise<TurnRunResult> {
  const result: TurnRunResult = { added: [], toolCalls: [], outcomes: [], failed: null };
  const sent: Promise<void>[] = [];
  let firstToken = true;
  let spokeAnything = false;
  for (let round = 0; round < input.maxRounds && !input.signal.aborted; round++) {
    const splitter = new SentenceSplitter();
    let text = '';
    const calls: ToolCall[] = [];
    const messages = [...input.messages, ...result.added.map((a) => a.message)];
    input.onLlmRequest();
    try {
      for await (const chunk of input.llm.chat({
        messages,
        tools: input.toolSpecs,
        signal: input.signal,
        context: input.context,
      })) {
        if (input.signal.aborted) break;
        if (firstToken) {
          firstToken = false;
          input.onFirstToken();
        }
        if (chunk.type === 'text') {
          text += chunk.delta;
          for (const sentence of splitter.push(chunk.delta)) {
            spokeAnything = true;
            sent.push(input.speak(sentence, round));
          }
        } else {
          calls.push(chunk.call);
        }
      }
    } catch (error) {
      if (input.signal.aborted || (error instanceof ProviderError && error.category === 'aborted')) {
        // Keep what was written so far; the session truncates it to what was heard.
        if (text) result.added.push({ message: { role: 'assistant', content: text }, round });
        break;
      }
      result.failed = error as Error;
      if (!spokeAnything) sent.push(input.speak(SORRY, -1));
      break;
    }
    if (input.signal.aborted) {
      // Keep what was written so far; the session truncates it to what was heard.
      if (text) result.added.push({ message: { role: 'assistant', content: text }, round });
      break;
    }
    const rest = splitter.flush();
    if (rest) {
      spokeAnything = true;
      sent.push(input.speak(rest, round));
    }
    result.added.push({
      message: { role: 'assistant', content: text, ...(calls.length ? { toolCalls: calls } : {}) },
      round,
    });
    if (calls.length === 0) break;
    const roundOutcomes: (ToolOutcome | null)[] = [];
    for (const call of calls) {
      const tool = input.tools.get(call.name);
      let args: Record<string, unknown> = {};
      try {
        args = JSON.parse(call.arguments || '{}') as Record<string, unknown>;
      } catch {
        args = {};
      }
      let outcome: ToolOutcome | null = null;
      let content: string;
      if (!tool) {
        content = JSON.stringify({ error: `unknown tool ${call.name}` });
      } else {
        if (tool.filler && !input.signal.aborted) sent.push(input.speak(tool.filler, -1));
        try {
          outcome = await tool.run(args, input.toolContext);
          content = JSON.stringify(outcome.result);
        } catch (error) {
          content = JSON.stringify({ error: 'the tool failed; apologise and offer to take a message' });
          result.failed = error as Error;
        }
      }
      const record: ToolCallRecord = {
        name: call.name,
        arguments: args,
        ok: outcome?.ok ?? false,
        summary: outcome?.summary ?? 'failed',
      };
      result.toolCalls.push(record);
      if (outcome) result.outcomes.push(outcome);
      roundOutcomes.push(outcome);
      input.onTool(record, outcome);
      result.added.push({ message: { role: 'tool', toolCallId: call.id, content }, round });
    }
    // The model already said its closing line alongside transfer/end_call: nothing more to ask it.
    if (result.outcomes.some((o) => o.action) && text.trim()) break;
    // Bookkeeping tools (a citation, an unanswered question) beside a spoken reply need no reply.
    if (text.trim() && roundOutcomes.every((o) => o?.silent)) break;
  }
  await Promise.allSettled(sent);
  return result;
}
