import { exportConversations } from './definitions/exports/export-conversations.ts';
import { purgeOldExports } from './definitions/exports/purge-old-exports.ts';
import { purgeExpiredCredentials } from './definitions/maintenance/purge-expired-credentials.ts';
import { sendNotification } from './definitions/notifications/send-notification.ts';
import { sweepOutbox } from './definitions/notifications/sweep-outbox.ts';
import { type AnyJobDefinition, anyJob } from './job-definition.ts';

/** Every job the workers run. A new job is one definition file plus one line here. */
export const JOB_DEFINITIONS: readonly AnyJobDefinition[] = [
  anyJob(purgeExpiredCredentials),
  anyJob(exportConversations),
  anyJob(purgeOldExports),
  anyJob(sendNotification),
  anyJob(sweepOutbox),
];
