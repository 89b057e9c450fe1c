import { createHash } from 'node:crypto';
import { commitWithOutbox, type OutboxDeps } from '../../jobs/outbox.ts';
import { DEFAULT_OWNER_ALERTS } from '../../lib/owner-alerts.ts';
import type { MessageSink } from '../../voice/session/types.ts';

/**
 * take_message: an outbox row per channel ('message_taken'), email always and SMS when the owner
 * enabled it, written in one transaction and handed to the workers after commit.
 */
export function ownerMessages(deps: OutboxDeps): MessageSink {
  return {
    async takeMessage({ business, callId, callerName, callerPhone, message }) {
      const digest = createHash('sha256').update(message).digest('hex').slice(0, 16);
      const payload = { businessName: business.businessName, callerName, callerPhone, message, callId };
      const alerts = business.alerts ?? DEFAULT_OWNER_ALERTS;
      await commitWithOutbox(deps, async (_tx, outbox) => {
        if (alerts.email.messageTaken) {
          await outbox.queue({
            customerId: business.customerId,
            channel: 'email',
            template: 'message_taken',
            recipient: business.ownerEmail,
            payload,
            idempotencyKey: `message_taken:email:${callId}:${digest}`,
          });
        }
        if (business.smsEnabled && business.ownerPhone && alerts.sms.messageTaken) {
          await outbox.queue({
            customerId: business.customerId,
            channel: 'sms',
            template: 'message_taken',
            recipient: business.ownerPhone,
            payload,
            idempotencyKey: `message_taken:sms:${callId}:${digest}`,
          });
        }
      });
    },
  };
}
