import { createHash } from 'node:crypto';
import { queueNotification } from '../../db/notifications.ts';
import type { DatabasePool } from '../../db/pool.ts';
import { dispatchNotifications } from '../../jobs/outbox.ts';
import type { JobQueues } from '../../jobs/queues.ts';
import { DEFAULT_OWNER_ALERTS } from '../../lib/owner-alerts.ts';
import type { MessageSink } from '../../voice/session/types.ts';

/**
 * take_message: an outbox row per channel ('message_taken'), email always and SMS when the owner
 * enabled it, written in one transaction and handed to the workers after commit.
 */
export function ownerMessages(pool: DatabasePool, queues: JobQueues): MessageSink {
  return {
    async takeMessage({ business, callId, callerName, callerPhone, message }) {
      const digest = createHash('sha256').update(message).digest('hex').slice(0, 16);
      const payload = { businessName: business.businessName, callerName, callerPhone, message, callId };
      const ids = await pool.transaction(async (tx) => {
        const alerts = business.alerts ?? DEFAULT_OWNER_ALERTS;
        const rows = [];
        if (alerts.email.messageTaken) {
          rows.push(
            await queueNotification(tx, {
              customerId: business.customerId,
              channel: 'email',
              template: 'message_taken',
              recipient: business.ownerEmail,
              payload,
              idempotencyKey: `message_taken:email:${callId}:${digest}`,
            }),
          );
        }
        if (business.smsEnabled && business.ownerPhone && alerts.sms.messageTaken) {
          rows.push(
            await queueNotification(tx, {
              customerId: business.customerId,
              channel: 'sms',
              template: 'message_taken',
              recipient: business.ownerPhone,
              payload,
              idempotencyKey: `message_taken:sms:${callId}:${digest}`,
            }),
          );
        }
        return rows.map((r) => r.id);
      });
      await dispatchNotifications(queues, ids);
    },
  };
}
