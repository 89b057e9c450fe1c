import { z } from 'zod';
import { defineJob } from '../../job-definition.ts';

/** Rows pending longer than this were probably never enqueued (a crash between commit and enqueue). */
export const OUTBOX_STALE_MS = 30_000;

/** Every 15 s: hands stale pending outbox rows to the send job again (same job id, so never twice). */
export const sweepOutbox = defineJob({
  name: 'notifications.sweep-outbox',
  queue: 'notifications',
  version: 1,
  payload: z.object({ olderThanMs: z.number().int().min(0).optional() }),
  options: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
  everyMs: 15_000,
  handler: async () => (await import('./sweep-outbox.handler.ts')).handle,
});
