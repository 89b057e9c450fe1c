import { z } from 'zod';
import { SENTIMENTS, type TurnFilters } from '../../db/analytics.ts';
import { DateOrDateTime, rangeBound } from '../../lib/time-range.ts';

/** Request and response schemas of the analytics routes. */
export const FilterFields = {
  from: DateOrDateTime.optional(),
  to: DateOrDateTime.optional(),
  intent: z.string().trim().min(1).max(100).optional(),
  sentiment: z.enum(SENTIMENTS).optional(),
  callType: z.enum(['phone', 'demo']).optional(),
  maxConfidence: z.coerce.number().min(0).max(1).optional(),
  industry: z.string().trim().min(1).max(100).optional(),
  q: z.string().trim().min(1).max(200).optional(),
};
export const FilterInput = z.object(FilterFields).strict();
export type FilterInput = z.infer<typeof FilterInput>;

/** Analytics dates are UTC (they compare across businesses in different zones). */
export const toFilters = (f: FilterInput): TurnFilters => ({
  from: rangeBound(f.from, 'from', 'UTC'),
  to: rangeBound(f.to, 'to', 'UTC'),
  intent: f.intent,
  sentiment: f.sentiment,
  callType: f.callType,
  maxConfidence: f.maxConfidence,
  industry: f.industry,
  q: f.q,
});

export const ExportStatus = z.object({
  id: z.uuid(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z.number(),
  rowCount: z.number(),
  includeAudio: z.boolean(),
  error: z.string().nullable(),
  downloadUrl: z.string().nullable(),
});

export const Series = z.array(
  z.object({ label: z.string(), points: z.array(z.object({ date: z.string(), turns: z.number() })) }),
);

export const AnalyticsDashboard = z.object({
  range: z.object({ from: z.number(), to: z.number() }),
  funnel: z.array(
    z.object({
      step: z.number(),
      reached: z.number(),
      completed: z.number(),
      errors: z.number(),
      avgDurationMs: z.number(),
      dropOff: z.number(),
      dropOffRate: z.number(),
    }),
  ),
  outcomes: z.array(z.object({ outcome: z.string(), calls: z.number(), booked: z.number() })),
  conversionRate: z.number(),
  intents: Series,
  sentiment: Series,
  failovers: z.object({ stt: z.number(), tts: z.number(), llm: z.number() }),
  latency: z.array(
    z.object({ stage: z.string(), samples: z.number(), p50: z.number(), p90: z.number(), p99: z.number() }),
  ),
});
