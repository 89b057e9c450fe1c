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
