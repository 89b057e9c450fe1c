import { z } from 'zod';
import { CALL_OUTCOMES } from '../../db/call-reads.ts';
import { DateOrDateTime } from '../../lib/time-range.ts';

/** Request and response schemas of the portal routes (the contract the portal pages build on). */
export const Dashboard = z.object({
  callsToday: z.number(),
  callsThisWeek: z.number(),
  callsThisMonth: z.number(),
  answered: z.number(),
  missed: z.number(),
  appointmentsBooked: z.number(),
  avgCallDurationMs: z.number(),
  busiestHours: z.array(z.object({ hour: z.number(), calls: z.number() })),
  daily: z.array(z.object({ date: z.string(), calls: z.number(), booked: z.number() })),
  receptionist: z.object({ live: z.boolean(), status: z.string() }),
});

export const CallSummary = z.object({
  id: z.uuid(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  fromNumber: z.string().nullable(),
  callType: z.string(),
  outcome: z.string(),
  appointmentBooked: z.boolean(),
  turnCount: z.number(),
  summary: z.string(),
});
export type CallSummary = z.infer<typeof CallSummary>;

export const CallsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
  from: DateOrDateTime.optional(),
  to: DateOrDateTime.optional(),
  outcome: z.enum(CALL_OUTCOMES).optional(),
  booked: z.enum(['true', 'false']).optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
export type CallsQuery = z.infer<typeof CallsQuery>;

export const Turn = z.object({
  index: z.number(),
  createdAt: z.number(),
  userText: z.string(),
  aiText: z.string(),
  sttProvider: z.string().nullable(),
  ttsProvider: z.string().nullable(),
  llmProvider: z.string().nullable(),
  confidence: z.number().nullable(),
  intent: z.string().nullable(),
  sentiment: z.string().nullable(),
  interrupted: z.boolean(),
  /** Milliseconds per stage of this turn (totalMs, sttMs, llmMs, ttsMs, …); null where not measured. */
  latency: z.record(z.string(), z.number().nullable()),
  failovers: z.array(z.object({ role: z.string(), from: z.string(), to: z.string() })),
  toolCalls: z.unknown(),
  hasUserAudio: z.boolean(),
  hasAiAudio: z.boolean(),
});

export const CallDetail = z.object({
  call: CallSummary.extend({
    transcript: z.string(),
    callerInfo: z.record(z.string(), z.unknown()),
    providers: z.record(z.string(), z.unknown()),
    success: z.boolean().nullable(),
  }),
  turns: z.array(Turn),
  appointment: z
    .object({
      id: z.uuid(),
      service: z.string(),
      callerName: z.string(),
      callerPhone: z.string().nullable(),
      startsAt: z.number(),
      endsAt: z.number(),
      status: z.string(),
    })
    .nullable(),
});
export type CallDetail = z.infer<typeof CallDetail>;
