import { queueNotification } from '../../db/notifications.ts';
import type { DatabaseTransactionConnection } from '../../db/pool.ts';
import type { OutboxWriter } from '../../jobs/outbox.ts';

/** An outbox that only writes rows (the sweeper would deliver them): for seeding test data. */
export const outboxRows = (tx: DatabaseTransactionConnection): OutboxWriter => ({
  queue: (notification) => queueNotification(tx, notification),
});
