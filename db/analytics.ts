import { sql } from 'slonik';
import { z } from 'zod';
import type { Keyset } from '../lib/keyset-cursor.ts';
import { keysetTime } from './call-reads.ts';
import type { CommonQueryMethods } from './pool.ts';

/** Aggregates over calls and conversation turns for the analytics dashboard and retrieval. */

const range = (alias: string, column: string, fromMs: number, toMs: number) =>
  sql.fragment`${sql.identifier([alias, column])} >= to_timestamp(${fromMs / 1000})
    AND ${sql.identifier([alias, column])} < to_timestamp(${toMs / 1000})`;

export async function outcomeCounts(
  db: CommonQueryMethods,
  customerId: string,
  fromMs: number,
  toMs: number,
) {
  return db.any(sql.type(
    z.object({ outcome: z.string(), calls: z.coerce.number(), booked: z.coerce.number() }),
  )`
    SELECT c.outcome, count(*) AS calls, count(*) FILTER (WHERE c.appointment_booked) AS booked
    FROM calls c WHERE c.customer_id = ${customerId} AND ${range('c', 'started_at', fromMs, toMs)}
    GROUP BY 1 ORDER BY 2 DESC`);
}

/** Per UTC day: each intent's and each sentiment's turn count (labels null → 'unknown'). */
export async function labelsByDay(db: CommonQueryMethods, customerId: string, fromMs: number, toMs: number) {
  return db.any(sql.type(
    z.object({
      day: z.string(),
      kind: z.enum(['intent', 'sentiment']),
      label: z.string(),
      turns: z.coerce.number(),
    }),
  )`
    SELECT to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, x.kind, x.label, count(*) AS turns
    FROM conversation_turns t
    CROSS JOIN LATERAL (VALUES ('intent', coalesce(t.intent, 'unknown')),
                               ('sentiment', coalesce(t.sentiment, 'unknown'))) AS x(kind, label)
    WHERE t.customer_id = ${customerId} AND ${range('t', 'created_at', fromMs, toMs)}
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
}

export async function failoverCounts(
  db: CommonQueryMethods,
  customerId: string,
  fromMs: number,
  toMs: number,
) {
  return db.any(sql.type(z.object({ role: z.string(), failovers: z.coerce.number() }))`
    SELECT coalesce(f->>'role', 'unknown') AS role, count(*) AS failovers
    FROM conversation_turns t CROSS JOIN LATERAL jsonb_array_elements(
      CASE WHEN jsonb_typeof(t.failovers) = 'array' THEN t.failovers ELSE '[]'::jsonb END) f
    WHERE t.customer_id = ${customerId} AND ${range('t', 'created_at', fromMs, toMs)}
    GROUP BY 1 ORDER BY 1`);
}

/** p50/p90/p99 of every numeric latency stage the pipeline records (totalMs, sttMs, llmMs, ttsMs…). */
export async function latencyPercentiles(
  db: CommonQueryMethods,
  customerId: string,
  fromMs: number,
  toMs: number,
) {
  return db.any(sql.type(
    z.object({
      stage: z.string(),
      samples: z.coerce.number(),
      p50: z.number(),
      p90: z.number(),
      p99: z.number(),
    }),
  )`
    SELECT l.key AS stage, count(*) AS samples,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY l.value::text::float8) AS p50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY l.value::text::float8) AS p90,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY l.value::text::float8) AS p99
    FROM conversation_turns t CROSS JOIN LATERAL jsonb_each(
      CASE WHEN jsonb_typeof(t.latency) = 'object' THEN t.latency ELSE '{}'::jsonb END) l
    WHERE t.customer_id = ${customerId} AND ${range('t', 'created_at', fromMs, toMs)}
      AND jsonb_typeof(l.value) = 'number'
    GROUP BY 1 ORDER BY 1`);
}

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

/** Turn filters shared by the conversations list and exports. */
export const TurnFilters = z.object({
  from: z.number().optional(),
  to: z.number().optional(),
  intent: z.string().min(1).max(100).optional(),
  sentiment: z.enum(SENTIMENTS).optional(),
  callType: z.enum(['phone', 'demo']).optional(),
  maxConfidence: z.number().min(0).max(1).optional(),
  industry: z.string().min(1).max(100).optional(),
  q: z.string().min(1).max(200).optional(),
});
export type TurnFilters = z.infer<typeof TurnFilters>;

/**
 * WHERE conditions over `t` (turns), `c` (calls) and `cu` (customers). customerId null means every
 * customer (operator exports).
 */
export function turnConditions(customerId: string | null, f: TurnFilters) {
  const where = [sql.fragment`TRUE`];
  if (customerId) where.push(sql.fragment`t.customer_id = ${customerId}`);
  if (f.from !== undefined) where.push(sql.fragment`t.created_at >= to_timestamp(${f.from / 1000})`);
  if (f.to !== undefined) where.push(sql.fragment`t.created_at < to_timestamp(${f.to / 1000})`);
  if (f.intent) where.push(sql.fragment`t.intent = ${f.intent}`);
  if (f.sentiment) where.push(sql.fragment`t.sentiment = ${f.sentiment}`);
  if (f.callType) where.push(sql.fragment`c.call_type = ${f.callType}`);
  if (f.maxConfidence !== undefined) where.push(sql.fragment`t.confidence < ${f.maxConfidence}`);
  if (f.industry) where.push(sql.fragment`lower(cu.industry) = lower(${f.industry})`);
  if (f.q) where.push(sql.fragment`t.search @@ websearch_to_tsquery('english', ${f.q})`);
  return sql.join(where, sql.fragment` AND `);
}

const ConversationRow = z.object({
  id: z.uuid(),
  call_id: z.uuid(),
  turn_index: z.number(),
  created_at: z.number(),
  created_us: z.coerce.string(),
  user_utterance: z.string(),
  ai_response: z.string(),
  intent: z.string().nullable(),
  sentiment: z.string().nullable(),
  confidence: z.number().nullable(),
  call_type: z.string(),
  stt_provider: z.string().nullable(),
  tts_provider: z.string().nullable(),
  llm_provider: z.string().nullable(),
  industry: z.string().nullable(),
});
export type ConversationRow = z.infer<typeof ConversationRow>;

/** Turns newest first, keyset over (created_at, id); `limit + 1` rows. */
export async function listConversationTurns(
  db: CommonQueryMethods,
  customerId: string,
  filters: TurnFilters,
  after: Keyset | null,
  limit: number,
): Promise<readonly ConversationRow[]> {
  const keyset = after
    ? sql.fragment`AND (t.created_at, t.id) < (${keysetTime(after)}, ${after.id}::uuid)`
    : sql.fragment``;
  return db.any(sql.type(ConversationRow)`
    SELECT t.id, t.call_id, t.turn_index, t.created_at,
      (extract(epoch FROM t.created_at) * 1000000)::bigint AS created_us,
      t.user_utterance, t.ai_response, t.intent, t.sentiment, t.confidence, c.call_type,
      t.stt_provider, t.tts_provider, t.llm_provider, cu.industry
    FROM conversation_turns t
    JOIN calls c ON c.id = t.call_id
    JOIN customers cu ON cu.id = t.customer_id
    WHERE ${turnConditions(customerId, filters)} ${keyset}
    ORDER BY t.created_at DESC, t.id DESC
    LIMIT ${limit + 1}`);
}
