import { z } from 'zod';
import {
  type CallListRow,
  callGroups,
  findCall,
  findCallAppointment,
  findTurnAudio,
  listCalls,
  listTurns,
} from '../../db/call-reads.ts';
import { findCustomerSettings, saveSettings } from '../../db/settings.ts';
import { dashboardWindow, receptionistStatus, summarize } from '../../domain/portal/dashboard.ts';
import { CallDetail, CallParams, CallSummary, CallsQuery, Dashboard } from '../../domain/portal/schemas.ts';
import { mergeSettings, readSettings, Settings, SettingsUpdate } from '../../domain/portal/settings.ts';
import { mulawWav } from '../../domain/portal/wav.ts';
import { badRequest, notFound } from '../../lib/errors.ts';
import { decodeCursor, encodeCursor } from '../../lib/keyset-cursor.ts';
import { rangeBound, safeZone } from '../../lib/time-range.ts';
import { CustomerParams, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';

const toSummary = (c: CallListRow) => ({
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

/** The owner's everyday pages: dashboard, calls with transcripts and audio, settings. */
export default async function portalRoutes(app: ZodApp) {
  const profile = async (customerId: string) => {
    const row = await findCustomerSettings(app.db, customerId);
    if (!row) throw notFound('Customer');
    return row;
  };

  app.get(
    '/api/portal/:customerId/dashboard',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['portal'],
        summary: 'Call figures for today, this week, this month and the last 30 days',
        params: CustomerParams,
        response: { 200: Dashboard, ...standardErrors },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const row = await profile(customerId);
      const window = dashboardWindow(Date.now(), safeZone(row.time_zone));
      const groups = await callGroups(app.db, customerId, window.fromMs, safeZone(row.time_zone));
      return {
        ...summarize(groups, window),
        receptionist: receptionistStatus({ receptionistLive: row.receptionist_live, status: row.status }),
      };
    },
  );

  app.get(
    '/api/portal/:customerId/calls',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['portal'],
        summary: 'Calls, newest first; keyset pagination with an opaque cursor',
        params: CustomerParams,
        querystring: CallsQuery,
        response: {
          200: z.object({ calls: z.array(CallSummary), nextCursor: z.string().nullable() }),
          ...standardErrors,
        },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const query = request.query;
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      if (query.cursor && !after) throw badRequest('cursor: is not a cursor from this list');
      // Only a calendar-date filter needs the business time zone.
      const needsZone = [query.from, query.to].some((v) => v && v.length === 10);
      const zone = needsZone ? safeZone((await profile(customerId)).time_zone) : 'UTC';
      const rows = await listCalls(
        app.db,
        customerId,
        {
          fromMs: rangeBound(query.from, 'from', zone),
          toMs: rangeBound(query.to, 'to', zone),
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
    },
  );

  app.get(
    '/api/portal/:customerId/calls/:callId',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['portal'],
        summary: 'One call with its turn-by-turn transcript and the booking it made',
        params: CallParams,
        response: { 200: CallDetail, ...standardErrors },
      },
    },
    async (request) => {
      const { customerId, callId } = request.params;
      const call = await findCall(app.db, customerId, callId);
      if (!call) throw notFound('Call');
      const [turns, appointment] = await Promise.all([
        listTurns(app.db, customerId, callId),
        findCallAppointment(app.db, customerId, callId),
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
    },
  );

  app.get(
    '/api/portal/:customerId/calls/:callId/turns/:index/audio/:side',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['portal'],
        summary: "A turn's caller or agent audio as a WAV file (8 kHz μ-law)",
        params: CallParams.extend({
          index: z.coerce.number().int().min(0).max(100_000),
          side: z.enum(['caller', 'agent']),
        }),
        response: { 200: z.any(), ...standardErrors },
      },
    },
    async (request, reply) => {
      const { customerId, callId, index, side } = request.params;
      const audio = await findTurnAudio(app.db, customerId, callId, index, side);
      if (!audio) throw notFound('Audio');
      return reply
        .header('content-type', 'audio/wav')
        .header('cache-control', 'private, max-age=3600')
        .header('content-disposition', `inline; filename="call-${callId}-turn-${index}-${side}.wav"`)
        .send(mulawWav(audio));
    },
  );

  app.get(
    '/api/portal/:customerId/settings',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['portal'],
        summary: 'Business info, caller responses, notification preferences and forwarding',
        params: CustomerParams,
        response: { 200: Settings, ...standardErrors },
      },
    },
    async (request) => {
      const row = await profile(request.params.customerId);
      return readSettings({
        businessInfo: row.business_info,
        callerResponses: row.caller_responses,
        settings: row.settings,
        phoneConfig: row.phone_config,
      });
    },
  );

  app.post(
    '/api/portal/:customerId/settings/update',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['portal'],
        summary: 'Change settings (partial); the receptionist uses them from the next call',
        params: CustomerParams,
        body: SettingsUpdate,
        response: { 200: Settings, ...standardErrors },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      return app.db.transaction(async (tx) => {
        const row = await findCustomerSettings(tx, customerId, { forUpdate: true });
        if (!row) throw notFound('Customer');
        const current = readSettings({
          businessInfo: row.business_info,
          callerResponses: row.caller_responses,
          settings: row.settings,
          phoneConfig: row.phone_config,
        });
        const merged = mergeSettings(current, request.body);
        if (!merged.ok) {
          const first = merged.issues[0]!;
          throw badRequest(`${first.field}: ${first.message}`, merged.issues);
        }
        await saveSettings(tx, customerId, merged);
        return {
          ...current,
          ...(merged.businessInfo ? { businessInfo: merged.businessInfo } : {}),
          ...(merged.callerResponses ? { callerResponses: merged.callerResponses } : {}),
          ...(merged.notifications ? { notifications: merged.notifications } : {}),
        };
      });
    },
  );
}
