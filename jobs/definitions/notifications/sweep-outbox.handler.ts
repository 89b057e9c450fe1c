import { findStalePending } from '../../../db/notifications.ts';
import type { JobContext } from '../../job-context.ts';
import { dispatchNotifications, notificationJobId } from '../../outbox.ts';
import { OUTBOX_STALE_MS } from './sweep-outbox.ts';

/**
 * Re-enqueues stale pending rows under their usual job id. BullMQ ignores an add whose id is
 * waiting, active or delayed, so rows being retried are untouched; a job that finished while its
 * row is still pending (it should not happen) is removed first so the row is tried again.
 */
export async function handle(
  payload: { olderThanMs?: number | undefined },
  context: JobContext,
): Promise<{ requeued: number }> {
  const ids = await findStalePending(context.pool, payload.olderThanMs ?? OUTBOX_STALE_MS);
  if (ids.length === 0) return { requeued: 0 };
  const queue = context.queues.queue('notifications');
  for (const id of ids) {
    const job = await queue.getJob(notificationJobId(id));
    const state = job ? await job.getState() : null;
    if (job && (state === 'completed' || state === 'failed')) await job.remove();
  }
  await dispatchNotifications(context.queues, ids);
  context.logger.info({ count: ids.length }, 'outbox sweeper re-enqueued pending notifications');
  return { requeued: ids.length };
}
