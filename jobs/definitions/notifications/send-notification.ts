import { z } from 'zod';
import { defineJob } from '../../job-definition.ts';

/**
 * Delivers one outbox row (email or SMS): 4 attempts with exponential backoff. Producers enqueue
 * it through `dispatchNotifications`/`commitWithOutbox`; the outbox sweeper re-enqueues rows
 * nobody enqueued. After the last attempt the row is escalated to support.
 */
export const sendNotification = defineJob({
  name: 'notifications.send',
  queue: 'notifications',
  version: 1,
  payload: z.object({ notificationId: z.uuid() }),
  options: { attempts: 4, backoff: { type: 'exponential', delay: 2000 } },
  handler: async () => (await import('./send-notification.handler.ts')).handle,
  onDeadLetter: async (payload, error, context) =>
    (await import('../../notifications/escalate.ts')).escalateFailedNotification(
      context,
      payload.notificationId,
      error,
    ),
});
