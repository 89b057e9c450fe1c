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

export interface ImportedTurn {
  callId?: string;
  callType: 'phone' | 'demo';
  at: number;
  userUtterance: string;
  aiResponse: string;
  userAudio: Buffer | null;
  aiAudio: Buffer | null;
  sttProvider: string | null;
  ttsProvider: string | null;
  llmProvider: string | null;
  confidence: number | null;
  sentiment: 'positive' | 'neutral' | 'negative' | null;
  intent: string | null;
  toolCalls: unknown[];
  metadata: Record<string, unknown>;
}

/**
 * Appends a turn from an external source (an imported call) to one of the customer's calls, or to
 * a new imported call when no call id is given; call inside a transaction. Null when the call is
 * not this customer's. The call row is locked so concurrent imports get consecutive indexes.
 */
export async function appendImportedTurn(
  db: CommonQueryMethods,
  customerId: string,
  t: ImportedTurn,
): Promise<{ id: string; callId: string; turnIndex: number } | null> {
  const at = sql.fragment`to_timestamp(${t.at / 1000})`;
  const callId = t.callId
    ? await db.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`
        SELECT id FROM calls WHERE id = ${t.callId} AND customer_id = ${customerId} FOR UPDATE`)
    : await db.oneFirst(sql.type(z.object({ id: z.uuid() }))`
        INSERT INTO calls (customer_id, call_type, started_at, ended_at, outcome, caller_info)
        VALUES (${customerId}, ${t.callType}, ${at}, ${at}, 'completed', '{"source":"import"}'::jsonb)
        RETURNING id`);
  if (!callId) return null;
  const turnIndex = await db.oneFirst(sql.type(z.object({ next: z.number() }))`
    SELECT coalesce(max(turn_index) + 1, 0)::int AS next FROM conversation_turns WHERE call_id = ${callId}`);
  const who = await db.one(sql.type(
    z.object({
      industry: z.string().nullable(),
      profession: z.string().nullable(),
      call_type: z.enum(['phone', 'demo']),
    }),
  )`
    SELECT cu.industry, cu.profession, c.call_type FROM calls c JOIN customers cu ON cu.id = c.customer_id
    WHERE c.id = ${callId}`);
  // The pipeline's own writer, so imported turns obey exactly the rules live turns do.
  const id = await appendTurn(db, {
    customerId,
    callId,
    turnIndex,
    userUtterance: t.userUtterance,
    userAudio: t.userAudio,
    aiResponse: t.aiResponse,
    aiAudio: t.aiAudio,
    sttProvider: t.sttProvider,
    ttsProvider: t.ttsProvider,
    llmProvider: t.llmProvider,
    confidence: t.confidence,
    intent: t.intent,
    sentiment: t.sentiment,
    metadata: {
      ...t.metadata,
      industry: who.industry,
      profession: who.profession,
      callType: who.call_type,
      source: 'import',
    },
    latency: {},
    failovers: [],
    interrupted: false,
    toolCalls: t.toolCalls,
  });
  if (!id) throw new Error('turn index taken while the call was locked');
  await db.query(sql.unsafe`UPDATE conversation_turns SET created_at = ${at} WHERE id = ${id}`);
  const row = { id, turn_index: turnIndex };
  // Keep the call's transcript (and so its search column) in step with its turns.
  const lines = [t.userUtterance && `Caller: ${t.userUtterance}`, t.aiResponse && `Agent: ${t.aiResponse}`]
    .filter(Boolean)
    .join('\n');
  await db.query(sql.unsafe`
    UPDATE calls SET transcript = CASE WHEN transcript = '' THEN ${lines} ELSE transcript || E'\n' || ${lines} END,
      ended_at = greatest(ended_at, ${at})
    WHERE id = ${callId}`);
  return { id: row.id, callId, turnIndex: row.turn_index };
}
