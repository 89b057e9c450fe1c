import { type NewNotification, type NotificationRow, queueNotification } from '../db/notifications.ts';
import type { DatabasePool, DatabaseTransactionConnection } from '../db/pool.ts';
import { sendNotification } from './definitions/notifications/send-notification.ts';
import type { JobQueues } from './queues.ts';

/** The BullMQ job id of an outbox row: the same row is never queued twice. */
export const notificationJobId = (notificationId: string) => `notification-${notificationId}`;

/**
 * Hands committed outbox rows to the workers. Call after the transaction that wrote them commits;
 * if this process dies first, the outbox sweeper re-enqueues them (same job id, so never twice).
 * Attempts and backoff come from the job definition.
 */
export async function dispatchNotifications(
  queues: JobQueues,
  notificationIds: readonly string[],
): Promise<void> {
  await Promise.all(
    notificationIds.map((notificationId) =>
      queues.enqueue(sendNotification, { notificationId }, { jobId: notificationJobId(notificationId) }),
    ),
  );
}

/** Writes outbox rows inside a `commitWithOutbox` transaction. */
export interface OutboxWriter {
  queue(notification: NewNotification): Promise<NotificationRow>;
}

export interface OutboxDeps {
  pool: DatabasePool;
  queues: JobQueues;
  log?: { warn(fields: Record<string, unknown>, message: string): void } | undefined;
}

/**
 * Runs `work` in one transaction; the notifications it queues exist if and only if it commits.
 * Only after the commit are they handed to the workers, so an email never announces something that
 * rolled back. A failed hand-off (Redis away) is logged, not thrown: the work itself succeeded and
 * the outbox sweeper sends the rows later.
 */
export async function commitWithOutbox<T>(
  deps: OutboxDeps,
  work: (tx: DatabaseTransactionConnection, outbox: OutboxWriter) => Promise<T>,
): Promise<T> {
  let ids: string[] = [];
  const value = await deps.pool.transaction(async (tx) => {
    ids = [];
    return work(tx, {
      async queue(notification) {
        const row = await queueNotification(tx, notification);
        if (row.status === 'pending') ids.push(row.id);
        return row;
      },
    });
  });
  if (ids.length > 0) {
    await dispatchNotifications(deps.queues, ids).catch((err: unknown) =>
      deps.log?.warn({ err, notifications: ids.length }, 'outbox hand-off deferred to the sweeper'),
    );
  }
  return value;
}
