import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

/**
 * Synthetic conversations (imported or generated training data), written in batches: one
 * statement for the calls and one for the turns of up to a few hundred lines, so an import of
 * 100 000 turns is a few hundred round trips. Rows are flagged synthetic and idempotent by the
 * client's ids: writing a batch twice changes nothing the second time.
 */

export interface SyntheticCallInput {
  externalId: string;
  /** The calls.call_type column (phone or demo); the given call type stays in `meta`. */
  callType: 'phone' | 'demo';
  startedMs: number;
  endedMs: number;
  /** "Caller: …\nAgent: …" of the turns known now (what call search reads). */
  transcript: string;
  /** Format, metadata as given, and a fine-tuning record's system prompt. */
  meta: Record<string, unknown>;
}

export interface SyntheticTurnInput {
  callExternalId: string;
  externalId: string;
  /** Null: after the call's last turn, in input order. */
  turnIndex: number | null;
  atMs: number;
  userUtterance: string;
  aiResponse: string;
  /** Base64 μ-law, decoded by the database. */
  userAudio: string | null;
  aiAudio: string | null;
  sttProvider: string | null;
  ttsProvider: string | null;
  llmProvider: string | null;
  confidence: number | null;
  sentiment: string | null;
  intent: string | null;
  toolCalls: unknown[];
  metadata: Record<string, unknown>;
  unanswered: string | null;
  answerSource: Record<string, unknown> | null;
  interrupted: boolean;
  failovers: unknown[];
  /** Input order within the batch (keeps computed turn indexes in file order). */
  ordinal: number;
}

const CallIdRow = z.object({ id: z.uuid(), external_id: z.string(), created: z.boolean() });

/** Creates the calls that do not exist yet; every call's id, and whether this batch created it. */
export async function upsertSyntheticCalls(
  db: CommonQueryMethods,
  customerId: string,
  calls: readonly SyntheticCallInput[],
): Promise<readonly z.infer<typeof CallIdRow>[]> {
  if (calls.length === 0) return [];
  const rows = calls.map((c) => ({
    external_id: c.externalId,
    call_type: c.callType,
    started_ms: c.startedMs,
    ended_ms: c.endedMs,
    transcript: c.transcript,
    meta: c.meta,
  }));
  return db.any(sql.type(CallIdRow)`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${sql.jsonb(rows as never)})
        AS x(external_id text, call_type text, started_ms float8, ended_ms float8, transcript text, meta jsonb)
    ), created AS (
      -- Synthetic calls carry no duration: they can never add up to minutes, whatever reads them.
      INSERT INTO calls (customer_id, call_type, started_at, ended_at, outcome, synthetic, external_id,
        synthetic_meta, caller_info, success, transcript)
      SELECT ${customerId}, x.call_type, to_timestamp(x.started_ms / 1000), to_timestamp(x.ended_ms / 1000),
        'completed', true, x.external_id, x.meta, '{"source":"synthetic"}'::jsonb, true, x.transcript
      FROM input x
      ON CONFLICT (customer_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
      RETURNING id, external_id
    )
    SELECT id, external_id, true AS created FROM created
    UNION ALL
    SELECT c.id, c.external_id, false FROM calls c JOIN input x ON x.external_id = c.external_id
    WHERE c.customer_id = ${customerId} AND c.synthetic
      AND NOT EXISTS (SELECT 1 FROM created WHERE created.external_id = c.external_id)`);
}

/**
 * Inserts turns into the given synthetic calls; returns the external ids it wrote (the rest
 * already existed, or took a turn index that is taken: `turnCollisions` tells them apart).
 */
export async function insertSyntheticTurns(
  db: CommonQueryMethods,
  customerId: string,
  callIds: ReadonlyMap<string, string>,
  turns: readonly SyntheticTurnInput[],
): Promise<Set<string>> {
  if (turns.length === 0) return new Set();
  const rows = turns.map((t) => ({
    call_id: callIds.get(t.callExternalId),
    external_id: t.externalId,
    turn_index: t.turnIndex,
    ordinal: t.ordinal,
    at_ms: t.atMs,
    user_utterance: t.userUtterance,
    ai_response: t.aiResponse,
    user_audio: t.userAudio,
    ai_audio: t.aiAudio,
    stt_provider: t.sttProvider,
    tts_provider: t.ttsProvider,
    llm_provider: t.llmProvider,
    confidence: t.confidence,
    sentiment: t.sentiment,
    intent: t.intent,
    tool_calls: t.toolCalls,
    metadata: t.metadata,
    unanswered: t.unanswered,
    answer_source: t.answerSource,
    interrupted: t.interrupted,
    failovers: t.failovers,
  }));
  const written = await db.anyFirst(sql.type(z.object({ external_id: z.string() }))`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${sql.jsonb(rows as never)}) AS x(call_id uuid, external_id text,
        turn_index int, ordinal int, at_ms float8, user_utterance text, ai_response text, user_audio text,
        ai_audio text, stt_provider text, tts_provider text, llm_provider text, confidence real,
        sentiment text, intent text, tool_calls jsonb, metadata jsonb, unanswered text, answer_source jsonb,
        interrupted boolean, failovers jsonb)
    ), numbered AS (
      SELECT x.*, coalesce(x.turn_index,
        (SELECT coalesce(max(t.turn_index) + 1, 0) FROM conversation_turns t WHERE t.call_id = x.call_id)
          + (row_number() OVER (PARTITION BY x.call_id, x.turn_index IS NULL ORDER BY x.ordinal))::int - 1
      ) AS final_index
      FROM input x
    )
    INSERT INTO conversation_turns (customer_id, call_id, turn_index, created_at, user_utterance, user_audio,
      ai_response, ai_audio, stt_provider, tts_provider, llm_provider, confidence, sentiment, intent,
      tool_calls, metadata, synthetic, external_id, unanswered, answer_source, interrupted, failovers)
    SELECT ${customerId}, n.call_id, n.final_index, to_timestamp(n.at_ms / 1000), n.user_utterance,
      decode(n.user_audio, 'base64'), n.ai_response, decode(n.ai_audio, 'base64'), n.stt_provider,
      n.tts_provider, n.llm_provider, n.confidence, n.sentiment, n.intent, n.tool_calls, n.metadata, true,
      n.external_id, n.unanswered, n.answer_source, n.interrupted, n.failovers
    FROM numbered n
    ORDER BY n.call_id, n.final_index
    ON CONFLICT DO NOTHING
    RETURNING external_id`);
  return new Set(written);
}

/** Of these turn ids, the ones not stored (their turn index was taken by another turn). */
export async function turnCollisions(
  db: CommonQueryMethods,
  customerId: string,
  externalIds: readonly string[],
): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const existing = await db.anyFirst(sql.type(z.object({ external_id: z.string() }))`
    SELECT external_id FROM conversation_turns
    WHERE customer_id = ${customerId} AND external_id = ANY(${sql.array([...externalIds], 'text')})`);
  const found = new Set(existing);
  return new Set(externalIds.filter((id) => !found.has(id)));
}

/** Rebuilds the transcript (what call search reads) and the time span of these calls from their turns. */
export async function refreshSyntheticCalls(
  db: CommonQueryMethods,
  customerId: string,
  callIds: readonly string[],
): Promise<void> {
  if (callIds.length === 0) return;
  await db.query(sql.unsafe`
    UPDATE calls c SET transcript = x.transcript, started_at = least(c.started_at, x.first_at),
      ended_at = greatest(c.ended_at, x.last_at)
    FROM (
      SELECT t.call_id, min(t.created_at) AS first_at, max(t.created_at) AS last_at,
        string_agg(concat_ws(E'\n',
          CASE WHEN t.user_utterance <> '' THEN 'Caller: ' || t.user_utterance END,
          CASE WHEN t.ai_response <> '' THEN 'Agent: ' || t.ai_response END), E'\n' ORDER BY t.turn_index) AS transcript
      FROM conversation_turns t
      WHERE t.call_id = ANY(${sql.array([...callIds], 'uuid')}) AND t.customer_id = ${customerId}
      GROUP BY t.call_id) x
    WHERE c.id = x.call_id AND c.customer_id = ${customerId} AND c.synthetic`);
}
