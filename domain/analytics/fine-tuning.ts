import type { BusinessProfile } from '../../lib/business-profile.ts';
import { buildSystemPrompt } from '../../voice/agent/persona.ts';

/**
 * Builds one OpenAI chat fine-tuning record per call from its turns:
 * system → (user → [assistant with tool_calls → tool…] → assistant)… Consecutive messages of the
 * same plain role are merged (a caller who spoke twice before the agent answered), so roles
 * alternate the way the format expects.
 */
export interface ToolCallOut {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type FineTuneMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCallOut[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface ExportTurn {
  turnIndex: number;
  userText: string;
  aiText: string;
  toolCalls: unknown;
}

/** The system message of an exported call: the same persona prompt the receptionist used live. */
export function systemPrompt(p: BusinessProfile | null, fallbackName: string, at: Date): string {
  if (!p)
    return `You are the phone receptionist for ${fallbackName || 'a business'}. Be brief, warm and accurate.`;
  return buildSystemPrompt(p, at);
}

interface RawToolCall {
  id?: unknown;
  name?: unknown;
  arguments?: unknown;
  function?: { name?: unknown; arguments?: unknown };
  summary?: unknown;
  result?: unknown;
  ok?: unknown;
}

function toolCallsOf(turn: ExportTurn): { call: ToolCallOut; result: string }[] {
  if (!Array.isArray(turn.toolCalls)) return [];
  return (turn.toolCalls as RawToolCall[]).flatMap((raw, i) => {
    const name = raw.name ?? raw.function?.name;
    if (typeof name !== 'string' || name === '') return [];
    const args = raw.arguments ?? raw.function?.arguments ?? {};
    const result = raw.result ?? raw.summary ?? (raw.ok === false ? 'failed' : 'ok');
    return [
      {
        call: {
          id: typeof raw.id === 'string' && raw.id ? raw.id : `call_${turn.turnIndex}_${i}`,
          type: 'function' as const,
          function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) },
        },
        result: typeof result === 'string' ? result : JSON.stringify(result),
      },
    ];
  });
}

function push(messages: FineTuneMessage[], m: FineTuneMessage): void {
  const last = messages.at(-1);
  const plain = (x: FineTuneMessage | undefined) =>
    x && (x.role === 'user' || (x.role === 'assistant' && !x.tool_calls && x.content !== null));
  if (last && plain(last) && plain(m) && last.role === m.role) {
    (last as { content: string }).content += `\n${(m as { content: string }).content}`;
    return;
  }
  messages.push(m);
}

/** Null when the call has nothing the agent said (no assistant message to learn from). */
export function fineTuneRecord(
  system: string,
  turns: readonly ExportTurn[],
): { messages: FineTuneMessage[] } | null {
  const messages: FineTuneMessage[] = [{ role: 'system', content: system }];
  for (const turn of turns) {
    const user = turn.userText.trim();
    if (user) push(messages, { role: 'user', content: user });
    const tools = toolCallsOf(turn);
    if (tools.length > 0) {
      messages.push({ role: 'assistant', content: null, tool_calls: tools.map((t) => t.call) });
      for (const t of tools) messages.push({ role: 'tool', tool_call_id: t.call.id, content: t.result });
    }
    const reply = turn.aiText.trim();
    if (reply) push(messages, { role: 'assistant', content: reply });
  }
  return messages.some((m) => m.role === 'assistant') ? { messages } : null;
}
