import { sql } from 'slonik';
import { z } from 'zod';
import type { Keyset } from '../lib/keyset-cursor.ts';
import type { CommonQueryMethods } from './pool.ts';

/**
 * The portal's read side over calls, conversation turns and appointments (CallSession writes
 * them). Every query is scoped by customer_id first, so another customer's ids simply find nothing.
 */

export const CALL_OUTCOMES = [
  'in_progress',
  'completed',
  'missed',
  'transferred',
  'failed',
  'abandoned',
] as const;

const Json = z.unknown();
/** Per-turn latency breakdown in milliseconds (totalMs, sttMs, llmMs, ttsMs, …; null if not measured). */
export const TurnLatencyJson = z.record(z.string(), z.number().nullable()).catch({});
export const FailoversJson = z
  .array(z.object({ role: z.string(), from: z.string(), to: z.string() }))
  .catch([]);

const CallListRow = z.object({
  id: z.uuid(),
  started_at: z.number(),
  started_us: z.coerce.string(),
  ended_at: z.number().nullable(),
  duration_ms: z.number().nullable(),
  from_number: z.string().nullable(),
  call_type: z.enum(['phone', 'demo']),
  outcome: z.enum(CALL_OUTCOMES),
  appointment_booked: z.boolean(),
  turn_count: z.coerce.number(),
  summary: z.string(),
});
export type CallListRow = z.infer<typeof CallListRow>;

export interface CallFilters {
  fromMs?: number;
  toMs?: number;
  outcome?: (typeof CALL_OUTCOMES)[number];
  booked?: boolean;
  q?: string;
}

const LIST_COLUMNS = sql.fragment`
  c.id, c.started_at, (extract(epoch FROM c.started_at) * 1000000)::bigint AS started_us,
  c.ended_at, c.duration_ms, c.from_number, c.call_type, c.outcome, c.appointment_booked,
  (SELECT count(*) FROM conversation_turns t WHERE t.call_id = c.id) AS turn_count,
  coalesce(c.caller_info->>'summary', left(c.transcript, 160)) AS summary`;

/** A keyset position as a timestamptz, exact to the microsecond. */
export const keysetTime = (key: Keyset) =>
  sql.fragment`(timestamptz 'epoch' + ${key.atUs}::bigint * interval '1 microsecond')`;

/** How many of the newest calls a search first checks one by one (enough for a common term). */
const SEARCH_WALK_WINDOW = 500;
/** Above this many matching calls the id set is no cheaper than walking every call. */
const SEARCH_ID_SET_LIMIT = 20_000;

const tsQuery = (q: string) => sql.fragment`websearch_to_tsquery('english', ${q})`;
const matches = (q: string) => sql.fragment`(c.search @@ ${tsQuery(q)} OR EXISTS (
  SELECT 1 FROM conversation_turns t WHERE t.call_id = c.id AND t.search @@ ${tsQuery(q)}))`;

/** Newest first, `limit + 1` rows so the caller knows whether another page exists. */
export async function listCalls(
  db: CommonQueryMethods,
  customerId: string,
  filters: CallFilters,
  after: Keyset | null,
  limit: number,
): Promise<readonly CallListRow[]> {
  const where = [sql.fragment`c.customer_id = ${customerId}`];
  if (filters.fromMs !== undefined)
    where.push(sql.fragment`c.started_at >= to_timestamp(${filters.fromMs / 1000})`);
  if (filters.toMs !== undefined)
    where.push(sql.fragment`c.started_at < to_timestamp(${filters.toMs / 1000})`);
  if (filters.outcome) where.push(sql.fragment`c.outcome = ${filters.outcome}`);
  if (filters.booked !== undefined) where.push(sql.fragment`c.appointment_booked = ${filters.booked}`);
  if (after) where.push(sql.fragment`(c.started_at, c.id) < (${keysetTime(after)}, ${after.id}::uuid)`);
  const page = (conditions: typeof where, from = sql.fragment`calls c`) =>
    db.any(sql.type(CallListRow)`
      SELECT ${LIST_COLUMNS}
      FROM ${from}
      WHERE ${sql.join(conditions, sql.fragment` AND `)}
      ORDER BY c.started_at DESC, c.id DESC
      LIMIT ${limit + 1}`);
  if (!filters.q) return page(where);

  // Full-text search over calls.search and conversation_turns.search. The planner cannot tell a
  // common term from a rare one, so we try both shapes: a common term fills the page from the
  // newest few hundred calls; a rare one is resolved through the GIN indexes to a small id set.
  const q = filters.q;
  const recent = sql.fragment`(SELECT * FROM calls c WHERE ${sql.join(where, sql.fragment` AND `)}
    ORDER BY c.started_at DESC, c.id DESC LIMIT ${SEARCH_WALK_WINDOW}) c`;
  const first = await page([matches(q)], recent);
  if (first.length > limit) return first;
  const ids = await db.anyFirst(sql.type(z.object({ id: z.uuid() }))`
    SELECT id FROM calls WHERE customer_id = ${customerId} AND search @@ ${tsQuery(q)}
    UNION
    SELECT call_id FROM conversation_turns WHERE customer_id = ${customerId} AND search @@ ${tsQuery(q)}
    LIMIT ${SEARCH_ID_SET_LIMIT + 1}`);
  if (ids.length > SEARCH_ID_SET_LIMIT) return page([...where, matches(q)]);
  return page([...where, sql.fragment`c.id = ANY(${sql.array(ids, 'uuid')})`]);
}

const CallDetailRow = CallListRow.extend({
  transcript: z.string(),
  caller_info: z.record(z.string(), Json),
  providers: z.record(z.string(), Json),
  success: z.boolean().nullable(),
});
export type CallDetailRow = z.infer<typeof CallDetailRow>;

export async function findCall(
  db: CommonQueryMethods,
  customerId: string,
  callId: string,
): Promise<CallDetailRow | null> {
  return db.maybeOne(sql.type(CallDetailRow)`
    SELECT ${LIST_COLUMNS}, c.transcript, c.caller_info, c.providers, c.success
    FROM calls c WHERE c.customer_id = ${customerId} AND c.id = ${callId}`);
}

const TurnRow = z.object({
  turn_index: z.number(),
  created_at: z.number(),
  user_utterance: z.string(),
  ai_response: z.string(),
  stt_provider: z.string().nullable(),
  tts_provider: z.string().nullable(),
  llm_provider: z.string().nullable(),
  confidence: z.number().nullable(),
  intent: z.string().nullable(),
  sentiment: z.string().nullable(),
  interrupted: z.boolean(),
  // Stored JSON of an unexpected shape reads as empty rather than failing the call page.
  latency: TurnLatencyJson,
  failovers: FailoversJson,
  tool_calls: Json,
  has_user_audio: z.boolean(),
  has_ai_audio: z.boolean(),
});
export type TurnRow = z.infer<typeof TurnRow>;

/** A call's turns in order, without the audio bytes (only whether they exist). */
export async function listTurns(
  db: CommonQueryMethods,
  customerId: string,
  callId: string,
): Promise<readonly TurnRow[]> {
  return db.any(sql.type(TurnRow)`
    SELECT turn_index, created_at, user_utterance, ai_response, stt_provider, tts_provider,
      llm_provider, confidence, intent, sentiment, interrupted, latency, failovers, tool_calls,
      user_audio IS NOT NULL AS has_user_audio, ai_audio IS NOT NULL AS has_ai_audio
    FROM conversation_turns
    WHERE customer_id = ${customerId} AND call_id = ${callId}
    ORDER BY turn_index`);
}

export async function findTurnAudio(
  db: CommonQueryMethods,
  customerId: string,
  callId: string,
  turnIndex: number,
  side: 'caller' | 'agent',
): Promise<Buffer | null> {
  const column = side === 'caller' ? sql.identifier(['user_audio']) : sql.identifier(['ai_audio']);
  const row = await db.maybeOne(sql.type(z.object({ audio: z.instanceof(Buffer).nullable() }))`
    SELECT ${column} AS audio FROM conversation_turns
    WHERE customer_id = ${customerId} AND call_id = ${callId} AND turn_index = ${turnIndex}`);
  return row?.audio ?? null;
}

const AppointmentRow = z.object({
  id: z.uuid(),
  service: z.string(),
  caller_name: z.string(),
  caller_phone: z.string().nullable(),
  starts_at: z.number(),
  ends_at: z.number(),
  status: z.enum(['booked', 'cancelled']),
});

/** The booking a call made (the latest, if the caller rebooked during the call). */
export async function findCallAppointment(db: CommonQueryMethods, customerId: string, callId: string) {
  return db.maybeOne(sql.type(AppointmentRow)`
    SELECT id, service, caller_name, caller_phone, starts_at, ends_at, status FROM appointments
    WHERE customer_id = ${customerId} AND call_id = ${callId}
    ORDER BY created_at DESC LIMIT 1`);
}

/** Calls of one local (day, hour) in the business's time zone: what the dashboard sums. */
export interface CallGroup {
  /** Local date 'YYYY-MM-DD' in the business time zone. */
  day: string;
  /** Local hour 0..23. */
  hour: number;
  calls: number;
  answered: number;
  missed: number;
  booked: number;
  durationSumMs: number;
  durationCount: number;
}

const GroupRow = z.object({
  day: z.string(),
  hour: z.coerce.number(),
  calls: z.coerce.number(),
  answered: z.coerce.number(),
  missed: z.coerce.number(),
  booked: z.coerce.number(),
  duration_sum: z.coerce.number(),
  duration_count: z.coerce.number(),
});

/** Calls since `fromMs` grouped by local day and hour in `timeZone` (at most ~31 × 24 rows). */
export async function callGroups(
  db: CommonQueryMethods,
  customerId: string,
  fromMs: number,
  timeZone: string,
): Promise<CallGroup[]> {
  const rows = await db.any(sql.type(GroupRow)`
    SELECT to_char(g.local, 'YYYY-MM-DD') AS day, extract(hour FROM g.local)::int AS hour,
      count(*) AS calls,
      count(*) FILTER (WHERE g.outcome IN ('completed', 'transferred')) AS answered,
      count(*) FILTER (WHERE g.outcome IN ('missed', 'abandoned')) AS missed,
      count(*) FILTER (WHERE g.appointment_booked) AS booked,
      coalesce(sum(g.duration_ms), 0) AS duration_sum,
      count(g.duration_ms) AS duration_count
    FROM (
      SELECT c.started_at AT TIME ZONE ${timeZone} AS local, c.outcome, c.appointment_booked, c.duration_ms
      FROM calls c
      WHERE c.customer_id = ${customerId} AND c.started_at >= to_timestamp(${fromMs / 1000})
    ) g
    GROUP BY 1, 2`);
  return rows.map((r) => ({
    day: r.day,
    hour: r.hour,
    calls: r.calls,
    answered: r.answered,
    missed: r.missed,
    booked: r.booked,
    durationSumMs: r.duration_sum,
    durationCount: r.duration_count,
  }));
}
