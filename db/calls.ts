import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

export const CallRow = z.object({
  id: z.uuid(),
  customer_id: z.uuid(),
  call_sid: z.string().nullable(),
  call_type: z.enum(['phone', 'demo']),
  from_number: z.string().nullable(),
  to_number: z.string().nullable(),
  started_at: z.number(),
  ended_at: z.number().nullable(),
  duration_ms: z.number().nullable(),
  outcome: z.enum(['in_progress', 'completed', 'missed', 'transferred', 'failed', 'abandoned']),
  transcript: z.string(),
  appointment_booked: z.boolean(),
  caller_info: z.record(z.string(), z.unknown()),
  success: z.boolean().nullable(),
  providers: z.record(z.string(), z.unknown()),
});
export type CallRow = z.infer<typeof CallRow>;

const COLUMNS = sql.fragment`id, customer_id, call_sid, call_type, from_number, to_number, started_at, ended_at,
  duration_ms, outcome, transcript, appointment_booked, caller_info, success, providers`;

export interface NewCall {
  customerId: string;
  callType: 'phone' | 'demo';
  callSid: string | null;
  fromNumber: string | null;
  toNumber: string | null;
}

export async function createCall(db: CommonQueryMethods, call: NewCall): Promise<CallRow> {
  return db.one(sql.type(CallRow)`
    INSERT INTO calls (customer_id, call_type, call_sid, from_number, to_number)
    VALUES (${call.customerId}, ${call.callType}, ${call.callSid}, ${call.fromNumber}, ${call.toNumber})
    RETURNING ${COLUMNS}`);
}

export async function findCallById(
  db: CommonQueryMethods,
  customerId: string,
  callId: string,
): Promise<CallRow | null> {
  return db.maybeOne(sql.type(CallRow)`
    SELECT ${COLUMNS} FROM calls WHERE id = ${callId} AND customer_id = ${customerId}`);
}

export async function findCallBySid(db: CommonQueryMethods, callSid: string): Promise<CallRow | null> {
  return db.maybeOne(sql.type(CallRow)`SELECT ${COLUMNS} FROM calls WHERE call_sid = ${callSid}`);
}

export interface CallCompletion {
  outcome: Exclude<CallRow['outcome'], 'in_progress'>;
  durationMs: number;
  transcript: string;
  appointmentBooked: boolean;
  callerInfo: Record<string, unknown>;
  success: boolean;
  providers: Record<string, unknown>;
}

/**
 * Finalises a call once. A second completion (Twilio's status callback after the stream already
 * closed) only fills what is still missing and never turns a known outcome back.
 */
export async function finishCall(
  db: CommonQueryMethods,
  customerId: string,
  callId: string,
  done: CallCompletion,
): Promise<CallRow | null> {
  return db.maybeOne(sql.type(CallRow)`
    UPDATE calls SET
      outcome = CASE WHEN outcome = 'in_progress' THEN ${done.outcome} ELSE outcome END,
      ended_at = COALESCE(ended_at, now()),
      duration_ms = COALESCE(duration_ms, ${Math.max(0, Math.round(done.durationMs))}),
      transcript = CASE WHEN transcript = '' THEN ${done.transcript} ELSE transcript END,
      appointment_booked = appointment_booked OR ${done.appointmentBooked},
      caller_info = caller_info || ${sql.jsonb(done.callerInfo as never)},
      success = COALESCE(success, ${done.success}),
      providers = providers || ${sql.jsonb(done.providers as never)}
    WHERE id = ${callId} AND customer_id = ${customerId}
    RETURNING ${COLUMNS}`);
}

/** Twilio's final status callback: duration from Twilio, outcome only if the stream never reported. */
export async function completeCallFromStatus(
  db: CommonQueryMethods,
  callSid: string,
  status: { callStatus: string; durationSec: number | null },
): Promise<CallRow | null> {
  const outcome =
    status.callStatus === 'completed' ? 'completed' : status.callStatus === 'failed' ? 'failed' : 'missed';
  return db.maybeOne(sql.type(CallRow)`
    UPDATE calls SET
      outcome = CASE WHEN outcome = 'in_progress' THEN ${outcome} ELSE outcome END,
      ended_at = COALESCE(ended_at, now()),
      duration_ms = CASE WHEN ${status.durationSec}::int IS NULL THEN COALESCE(duration_ms, 0)
                         ELSE ${status.durationSec ?? 0}::int * 1000 END,
      success = COALESCE(success, ${outcome === 'completed'})
    WHERE call_sid = ${callSid}
    RETURNING ${COLUMNS}`);
}

/** In-progress demo calls of a customer (the concurrent-demo limit counts these). */
export async function countActiveDemos(db: CommonQueryMethods, customerId: string): Promise<number> {
  return db.oneFirst(sql.type(z.object({ n: z.coerce.number() }))`
    SELECT count(*) AS n FROM calls
    WHERE customer_id = ${customerId} AND call_type = 'demo' AND outcome = 'in_progress' AND NOT synthetic
      AND started_at > now() - interval '30 minutes'`);
}

/** Serialises demo starts of one customer for the rest of the transaction. */
export async function lockCustomerDemos(db: CommonQueryMethods, customerId: string): Promise<void> {
  await db.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtext(${`demo:${customerId}`}))`);
}
