import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

export interface NewTurn {
  customerId: string;
  callId: string;
  turnIndex: number;
  userUtterance: string;
  userAudio: Buffer | null;
  aiResponse: string;
  aiAudio: Buffer | null;
  sttProvider: string | null;
  ttsProvider: string | null;
  llmProvider: string | null;
  confidence: number | null;
  intent: string | null;
  sentiment: 'positive' | 'neutral' | 'negative' | null;
  metadata: {
    industry: string | null;
    profession: string | null;
    callType: 'phone' | 'demo';
    [k: string]: unknown;
  };
  latency: Record<string, unknown>;
  failovers: unknown[];
  interrupted: boolean;
  toolCalls: unknown[];
}

export const TurnIdRow = z.object({ id: z.uuid() });

/** Appends one completed turn (Property 3). Idempotent on (call, turn index). */
export async function appendTurn(db: CommonQueryMethods, t: NewTurn): Promise<string | null> {
  const confidence = t.confidence === null ? null : Math.min(1, Math.max(0, t.confidence));
  return db.maybeOneFirst(sql.type(TurnIdRow)`
    INSERT INTO conversation_turns (customer_id, call_id, turn_index, user_utterance, user_audio, ai_response,
      ai_audio, stt_provider, tts_provider, llm_provider, confidence, intent, sentiment, metadata, latency,
      failovers, interrupted, tool_calls)
    VALUES (${t.customerId}, ${t.callId}, ${t.turnIndex}, ${t.userUtterance},
      ${t.userAudio ? sql.binary(t.userAudio) : null}, ${t.aiResponse}, ${t.aiAudio ? sql.binary(t.aiAudio) : null},
      ${t.sttProvider}, ${t.ttsProvider}, ${t.llmProvider}, ${confidence}, ${t.intent}, ${t.sentiment},
      ${sql.jsonb(t.metadata as never)}, ${sql.jsonb(t.latency as never)}, ${sql.jsonb(t.failovers as never)},
      ${t.interrupted}, ${sql.jsonb(t.toolCalls as never)})
    ON CONFLICT (call_id, turn_index) DO NOTHING
    RETURNING id`);
}

export const StoredTurnRow = z.object({
  turn_index: z.number(),
  user_utterance: z.string(),
  ai_response: z.string(),
  user_audio_bytes: z.number(),
  ai_audio_bytes: z.number(),
  stt_provider: z.string().nullable(),
  tts_provider: z.string().nullable(),
  llm_provider: z.string().nullable(),
  interrupted: z.boolean(),
  intent: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  latency: z.record(z.string(), z.unknown()),
  tool_calls: z.array(z.unknown()),
  created_at: z.number(),
});
export type StoredTurnRow = z.infer<typeof StoredTurnRow>;

/** The turns of one call in order (audio as byte counts), for the demo transcript and tests. */
export async function turnsOfCall(
  db: CommonQueryMethods,
  customerId: string,
  callId: string,
): Promise<readonly StoredTurnRow[]> {
  return db.any(sql.type(StoredTurnRow)`
    SELECT turn_index, user_utterance, ai_response,
           coalesce(octet_length(user_audio), 0) AS user_audio_bytes,
           coalesce(octet_length(ai_audio), 0) AS ai_audio_bytes,
           stt_provider, tts_provider, llm_provider, interrupted, intent, metadata, latency, tool_calls, created_at
    FROM conversation_turns WHERE call_id = ${callId} AND customer_id = ${customerId}
    ORDER BY turn_index`);
}
