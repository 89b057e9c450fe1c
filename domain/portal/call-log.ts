import {
  type CallListRow,
  findCall,
  findCallAppointment,
  findTurnAudio,
  listCalls,
  listTurns,
} from '../../db/call-reads.ts';
import type { CommonQueryMethods } from '../../db/pool.ts';
import { badRequest, notFound } from '../../lib/errors.ts';
import { decodeCursor, encodeCursor } from '../../lib/keyset-cursor.ts';
import { rangeBound } from '../../lib/time-range.ts';
import { mulawWav } from '../../lib/wav.ts';
import type { CallDetail, CallSummary, CallsQuery } from './schemas.ts';

const toSummary = (c: CallListRow): CallSummary => ({
  id: c.id,
  startedAt: c.started_at,
  endedAt: c.ended_at,
  durationMs: c.duration_ms,
  fromNumber: c.from_number,
  callType: c.call_type,
  outcome: c.outcome,
  appointmentBooked: c.appointment_booked,
  turnCount: c.turn_count,
  summary: c.summary,
});

/**
 * One page of the customer's calls, newest first, with the cursor of the next page. Calendar-date
 * filters mean whole days in the business's time zone (`zone` resolves it only when needed).
 */
export async function callsPage(
  db: CommonQueryMethods,
  customerId: string,
  query: CallsQuery,
  zone: () => Promise<string>,
): Promise<{ calls: CallSummary[]; nextCursor: string | null }> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && !after) throw badRequest('cursor: is not a cursor from this list');
  const needsZone = [query.from, query.to].some((v) => v && v.length === 10);
  const timeZone = needsZone ? await zone() : 'UTC';
  const rows = await listCalls(
    db,
    customerId,
    {
      fromMs: rangeBound(query.from, 'from', timeZone),
      toMs: rangeBound(query.to, 'to', timeZone),
      outcome: query.outcome,
      booked: query.booked === undefined ? undefined : query.booked === 'true',
      q: query.q,
    },
    after,
    query.limit,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    calls: page.map(toSummary),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ atUs: last.started_us, id: last.id }) : null,
  };
}

/** One call with its turn-by-turn transcript and the booking it made. */
export async function callDetail(
  db: CommonQueryMethods,
  customerId: string,
  callId: string,
): Promise<CallDetail> {
  const call = await findCall(db, customerId, callId);
  if (!call) throw notFound('Call');
  const [turns, appointment] = await Promise.all([
    listTurns(db, customerId, callId),
    findCallAppointment(db, customerId, callId),
  ]);
  return {
    call: {
      ...toSummary(call),
      transcript: call.transcript,
      callerInfo: call.caller_info,
      providers: call.providers,
      success: call.success,
    },
    turns: turns.map((t) => ({
      index: t.turn_index,
      createdAt: t.created_at,
      userText: t.user_utterance,
      aiText: t.ai_response,
      sttProvider: t.stt_provider,
      ttsProvider: t.tts_provider,
      llmProvider: t.llm_provider,
      confidence: t.confidence,
      intent: t.intent,
      sentiment: t.sentiment,
      interrupted: t.interrupted,
      latency: t.latency,
      failovers: t.failovers,
      toolCalls: t.tool_calls,
      hasUserAudio: t.has_user_audio,
      hasAiAudio: t.has_ai_audio,
    })),
    appointment: appointment
      ? {
          id: appointment.id,
          service: appointment.service,
          callerName: appointment.caller_name,
          callerPhone: appointment.caller_phone,
          startsAt: appointment.starts_at,
          endsAt: appointment.ends_at,
          status: appointment.status,
        }
      : null,
  };
}

/** A turn's caller or agent audio as a playable WAV file. */
export async function turnAudioWav(
  db: CommonQueryMethods,
  customerId: string,
  turn: { callId: string; index: number; side: 'caller' | 'agent' },
): Promise<Buffer> {
  const audio = await findTurnAudio(db, customerId, turn.callId, turn.index, turn.side);
  if (!audio) throw notFound('Audio');
  return mulawWav(audio);
}
