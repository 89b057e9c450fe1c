import type { z } from 'zod';
import type { SyntheticCallInput, SyntheticTurnInput } from '../../db/synthetic-conversations.ts';
import { type ConversationLogLine, contentHashId, type OpenAiLine, textOf } from './formats.ts';

/** One line turned into rows: a call (new or existing) and its turns. */
export interface LineRecords {
  call: SyntheticCallInput;
  /** A whole conversation (a fine-tuning record): if its call exists, the line was imported before. */
  whole: boolean;
  turns: Omit<SyntheticTurnInput, 'ordinal'>[];
}

const columnCallType = (callType: unknown): 'phone' | 'demo' => (callType === 'demo' ? 'demo' : 'phone');

/**
 * A fine-tuning record as a conversation: each user message opens a turn, which collects the
 * assistant's tool calls (with their results) and what it said until the next user message. What
 * the assistant says before the first user message is a greeting turn with no caller words.
 */
export function openAiRecords(
  line: z.infer<typeof OpenAiLine>,
  raw: string,
  nowMs: number,
): LineRecords | string {
  const externalId = line.id ?? contentHashId(raw);
  const startedMs = line.timestamp ? Date.parse(line.timestamp) : nowMs;
  const system = line.messages
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .map((m) => textOf(m.content as never))
    .join('\n');
  type Turn = { user: string; ai: string[]; tools: Record<string, unknown>[] };
  const turns: Turn[] = [];
  const pending = new Map<string, Record<string, unknown>>();
  for (const [i, m] of line.messages.entries()) {
    if (m.role === 'system' || m.role === 'developer') continue;
    if (m.role === 'user') {
      turns.push({ user: textOf(m.content as never), ai: [], tools: [] });
      continue;
    }
    if (turns.length === 0) turns.push({ user: '', ai: [], tools: [] });
    const turn = turns.at(-1)!;
    if (m.role === 'assistant') {
      const text = textOf(m.content as never);
      if (text) turn.ai.push(text);
      for (const call of m.tool_calls ?? []) {
        let args: unknown = call.function.arguments;
        try {
          args = JSON.parse(call.function.arguments);
        } catch {}
        const record = { id: call.id, name: call.function.name, arguments: args, ok: true, summary: '' };
        pending.set(call.id, record);
        turn.tools.push(record);
      }
      continue;
    }
    const toolCallId = (m as { tool_call_id: string }).tool_call_id;
    const call = pending.get(toolCallId);
    if (!call) return `messages.${i}.tool_call_id: answers no tool call before it`;
    const result = textOf(m.content as never);
    call.result = result;
    call.summary = result.slice(0, 2000);
    pending.delete(toolCallId);
  }
  if (!turns.some((t) => t.ai.length > 0 || t.tools.length > 0)) {
    return 'messages: needs at least one assistant message (nothing to learn from otherwise)';
  }
  const metadata = line.metadata;
  return {
    whole: true,
    call: {
      externalId,
      callType: columnCallType(metadata.callType),
      startedMs,
      endedMs: startedMs + (turns.length - 1) * 1000,
      transcript: '',
      meta: { format: 'openai', metadata, system: system || null },
    },
    turns: turns.map((t, index) => ({
      callExternalId: externalId,
      externalId: `${externalId}#${index}`,
      turnIndex: index,
      atMs: startedMs + index * 1000,
      userUtterance: t.user,
      aiResponse: t.ai.join(' '),
      userAudio: null,
      aiAudio: null,
      sttProvider: null,
      ttsProvider: null,
      llmProvider: null,
      confidence: null,
      sentiment: null,
      intent: null,
      toolCalls: t.tools,
      metadata,
      unanswered: null,
      answerSource: null,
      interrupted: false,
      failovers: [],
    })),
  };
}

/** One ConversationLog turn; its `callId` names the conversation it belongs to. */
export function conversationLogRecords(
  line: z.infer<typeof ConversationLogLine>,
  customerId: string,
  nowMs: number,
): LineRecords | string {
  if (line.customerId !== undefined && line.customerId !== customerId) {
    return "customerId: is another customer's; import into your own account only";
  }
  if (!line.userUtterance.trim() && !line.aiResponse.trim() && line.toolCalls.length === 0) {
    return 'userUtterance: a turn needs userUtterance, aiResponse or toolCalls';
  }
  const atMs = line.timestamp ? Date.parse(line.timestamp) : nowMs;
  return {
    whole: false,
    call: {
      externalId: line.callId,
      callType: columnCallType(line.metadata.callType),
      startedMs: atMs,
      endedMs: atMs,
      transcript: '',
      meta: { format: 'conversation-log', metadata: line.metadata },
    },
    turns: [
      {
        callExternalId: line.callId,
        externalId: line.id,
        turnIndex: line.turnIndex ?? null,
        atMs,
        userUtterance: line.userUtterance,
        aiResponse: line.aiResponse,
        userAudio: line.userAudio || null,
        aiAudio: line.aiAudio || null,
        sttProvider: line.sttProvider ?? null,
        ttsProvider: line.ttsProvider ?? null,
        llmProvider: line.llmProvider ?? null,
        confidence: line.confidence ?? null,
        sentiment: line.sentiment ?? null,
        intent: line.intent ?? null,
        toolCalls: line.toolCalls,
        metadata: line.metadata,
        unanswered: line.unanswered ?? null,
        answerSource: line.answerSource ?? null,
        interrupted: line.interrupted ?? false,
        failovers: line.failovers ?? [],
      },
    ],
  };
}
