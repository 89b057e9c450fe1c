import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

export const NotificationRow = z.object({
  id: z.uuid(),
  customer_id: z.uuid().nullable(),
  channel: z.enum(['email', 'sms']),
  template: z.string(),
  recipient: z.string(),
  payload: z.record(z.string(), z.unknown()),
  idempotency_key: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number(),
  last_error: z.string().nullable(),
  provider_message_id: z.string().nullable(),
  created_at: z.number(),
  enqueued_at: z.number().nullable(),
  sent_at: z.number().nullable(),
});
export type NotificationRow = z.infer<typeof NotificationRow>;

export interface NewNotification {
  customerId: string | null;
  channel: 'email' | 'sms';
  template: string;
  recipient: string;
  payload: Record<string, unknown>;
  /** Same key, same notification: a retried request never queues a second copy. */
  idempotencyKey: string;
}

/**
 * Writes an outbox row; call it in the transaction of the event that causes it, so the
 * notification exists if and only if the event committed. Returns the row (existing or new).
 */
export async function queueNotification(
  db: CommonQueryMethods,
  n: NewNotification,
): Promise<NotificationRow> {
  const inserted = await db.maybeOne(sql.type(NotificationRow)`
    INSERT INTO notifications (customer_id, channel, template, recipient, payload, idempotency_key)
    VALUES (${n.customerId}, ${n.channel}, ${n.template}, ${n.recipient}, ${sql.jsonb(n.payload as never)},
            ${n.idempotencyKey})
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING *`);
  return (
    inserted ??
    db.one(sql.type(NotificationRow)`SELECT * FROM notifications WHERE idempotency_key = ${n.idempotencyKey}`)
  );
}

export async function findNotification(db: CommonQueryMethods, id: string): Promise<NotificationRow | null> {
  return db.maybeOne(sql.type(NotificationRow)`SELECT * FROM notifications WHERE id = ${id}`);
}

/** Counts a delivery attempt and returns the row as it is now (null if unknown). */
export async function startDeliveryAttempt(
  db: CommonQueryMethods,
  id: string,
): Promise<NotificationRow | null> {
  return db.maybeOne(sql.type(NotificationRow)`
    UPDATE notifications SET attempts = attempts + 1, enqueued_at = coalesce(enqueued_at, now())
    WHERE id = ${id} RETURNING *`);
}

/**
 * Records the provider's acceptance. Only a pending row moves to sent, so a late duplicate
 * attempt cannot overwrite the first acceptance; returns false when it was already settled.
 */
export async function markNotificationSent(
  db: CommonQueryMethods,
  id: string,
  providerMessageId: string,
): Promise<boolean> {
  const result = await db.query(sql.unsafe`
    UPDATE notifications SET status = 'sent', provider_message_id = ${providerMessageId}, sent_at = now(),
      last_error = NULL
    WHERE id = ${id} AND status = 'pending'`);
  return result.rowCount > 0;
}

export async function recordNotificationError(
  db: CommonQueryMethods,
  id: string,
  error: string,
): Promise<void> {
  await db.query(sql.unsafe`UPDATE notifications SET last_error = ${error.slice(0, 1000)} WHERE id = ${id}`);
}

/** Gives up on a pending row (after the last retry); returns false if it was already settled. */
export async function markNotificationFailed(
  db: CommonQueryMethods,
  id: string,
  error: string,
): Promise<boolean> {
  const result = await db.query(sql.unsafe`
    UPDATE notifications SET status = 'failed', last_error = ${error.slice(0, 1000)}
    WHERE id = ${id} AND status = 'pending'`);
  return result.rowCount > 0;
}

/** Pending rows older than `olderThanMs`: committed but perhaps never handed to a worker. */
export async function findStalePending(
  db: CommonQueryMethods,
  olderThanMs: number,
  limit = 500,
): Promise<readonly string[]> {
  return db.anyFirst(sql.type(z.object({ id: z.uuid() }))`
    SELECT id FROM notifications
    WHERE status = 'pending' AND created_at < now() - ${sql.interval({ seconds: olderThanMs / 1000 })}
    ORDER BY created_at LIMIT ${limit}`);
}

export async function listNotifications(
  db: CommonQueryMethods,
  filter: { customerId?: string; template?: string } = {},
): Promise<readonly NotificationRow[]> {
  const conditions = [sql.fragment`true`];
  if (filter.customerId) conditions.push(sql.fragment`customer_id = ${filter.customerId}`);
  if (filter.template) conditions.push(sql.fragment`template = ${filter.template}`);
  return db.any(sql.type(NotificationRow)`
    SELECT * FROM notifications WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY created_at, id`);
}
