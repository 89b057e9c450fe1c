import type { JobQueues } from './queues.ts';

/** The BullMQ job name that delivers one outbox row (defined in jobs/definitions/notifications). */
export const SEND_NOTIFICATION_JOB = 'notifications.send';

/**
 * Hands committed outbox rows to the workers. Call after the transaction that wrote them commits;
 * if this process dies first, the outbox sweeper re-enqueues them (same job id, so never twice).
 */
export async function dispatchNotifications(
  queues: JobQueues,
  notificationIds: readonly string[],
): Promise<void> {
  const queue = queues.queue('notifications');
  await Promise.all(
    notificationIds.map((notificationId) =>
      queue.add(
        SEND_NOTIFICATION_JOB,
        { v: 1, data: { notificationId } },
        {
          jobId: `notification-${notificationId}`,
          attempts: 4,
          backoff: { type: 'exponential', delay: 2000 },
        },
      ),
    ),
  );
}
