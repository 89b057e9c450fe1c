import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

/**
 * Claims a provider event id for processing. Returns false when the id was seen before (a
 * redelivery); call inside the transaction that applies the event, so a rollback un-claims it.
 */
export async function claimWebhookEvent(
  db: CommonQueryMethods,
  e: { id: string; provider: string; eventType: string; payload: unknown },
): Promise<boolean> {
  const claimed = await db.maybeOneFirst(sql.type(z.object({ id: z.string() }))`
    INSERT INTO webhook_events (id, provider, event_type, payload, processed_at)
    VALUES (${e.id}, ${e.provider}, ${e.eventType}, ${sql.jsonb(e.payload as never)}, now())
    ON CONFLICT (id) DO NOTHING
    RETURNING id`);
  return claimed !== null;
}

export async function countWebhookEvents(db: CommonQueryMethods, provider: string): Promise<number> {
  return db.oneFirst(sql.type(z.object({ n: z.number() }))`
    SELECT count(*)::int AS n FROM webhook_events WHERE provider = ${provider}`);
}
