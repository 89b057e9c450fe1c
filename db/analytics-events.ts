import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

/** AnalyticsEvent rows: portal actions (onboarding steps, errors) and our own services' events. */
export interface NewAnalyticsEvent {
  customerId: string | null;
  userId: string | null;
  eventType: string;
  eventData: Record<string, unknown>;
  sessionId: string | null;
  metadata: Record<string, unknown>;
}

export async function recordEvent(
  db: CommonQueryMethods,
  e: NewAnalyticsEvent,
): Promise<{ id: string; createdAt: number }> {
  const row = await db.one(sql.type(z.object({ id: z.uuid(), created_at: z.number() }))`
    INSERT INTO analytics_events (customer_id, event_type, event_data, user_id, session_id, metadata)
    VALUES (${e.customerId}, ${e.eventType}, ${sql.jsonb(e.eventData as never)}, ${e.userId},
      ${e.sessionId}, ${sql.jsonb(e.metadata as never)})
    RETURNING id, created_at`);
  return { id: row.id, createdAt: row.created_at };
}

const StepRow = z.object({
  step: z.coerce.number(),
  sessions: z.coerce.number(),
  events: z.coerce.number(),
  duration_ms: z.coerce.number(),
  errors: z.coerce.number(),
  completed: z.coerce.number(),
});
export type StepRow = z.infer<typeof StepRow>;

/** Onboarding events grouped by step (event_data.step 1..7) in a time range. */
export async function onboardingStepRows(
  db: CommonQueryMethods,
  customerId: string,
  fromMs: number,
  toMs: number,
): Promise<readonly StepRow[]> {
  return db.any(sql.type(StepRow)`
    SELECT (event_data->>'step')::int AS step,
      count(DISTINCT coalesce(session_id, id::text)) AS sessions,
      count(*) AS events,
      coalesce(sum(CASE WHEN jsonb_typeof(event_data->'duration') = 'number'
        THEN (event_data->>'duration')::float8 END), 0) AS duration_ms,
      count(*) FILTER (WHERE event_data->>'success' = 'false' OR event_data ? 'errorCode') AS errors,
      count(*) FILTER (WHERE event_data->>'success' = 'true') AS completed
    FROM analytics_events
    WHERE customer_id = ${customerId}
      AND created_at >= to_timestamp(${fromMs / 1000}) AND created_at < to_timestamp(${toMs / 1000})
      AND event_data->>'step' ~ '^[1-7]$'
    GROUP BY 1 ORDER BY 1`);
}
