import { z } from 'zod';
import { defineJob } from '../../job-definition.ts';
import { escalateFailedNotification } from '../../notifications/escalate.ts';
import { SEND_NOTIFICATION_JOB } from '../../outbox.ts';

/**
 * Delivers one outbox row (email or SMS). Producers enqueue it through `dispatchNotifications`
 * (4 attempts, exponential backoff); the outbox sweeper re-enqueues rows nobody enqueued.
 */
export const sendNotification = defineJob({
  name: SEND_NOTIFICATION_JOB,
  queue: 'notifications',
  version: 1,
  payload: z.object({ notificationId: z.uuid() }),
  options: { attempts: 4, backoff: { type: 'exponential', delay: 2000 } },
  handler: async () => (await import('./send-notification.handler.ts')).handle,
  onDeadLetter: (payload, error, context) =>
    escalateFailedNotification(context, payload.notificationId, error),
});
