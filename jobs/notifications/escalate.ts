import { findNotification, markNotificationFailed } from '../../db/notifications.ts';
import { openTicket } from '../../db/support-tickets.ts';
import type { JobContext } from '../job-context.ts';
import { commitWithOutbox } from '../outbox.ts';

/**
 * After the last failed attempt: mark the row failed, log it, open a system support ticket and
 * email SUPPORT_EMAIL about it, all in one transaction (the ticket is keyed by the notification,
 * so this is safe to run twice). A failed escalation email is logged but not escalated again.
 */
export async function escalateFailedNotification(
  context: Pick<JobContext, 'pool' | 'queues' | 'logger' | 'config'>,
  notificationId: string,
  error: Error,
): Promise<void> {
  await commitWithOutbox({ ...context, log: context.logger }, async (tx, outbox) => {
    const row = await findNotification(tx, notificationId);
    if (!row) return;
    const changed = await markNotificationFailed(tx, notificationId, error.message);
    if (!changed && row.status !== 'failed') return;
    context.logger.error(
      {
        notificationId,
        customerId: row.customer_id,
        channel: row.channel,
        template: row.template,
        attempts: row.attempts,
        err: error.message,
      },
      'notification failed after its last attempt',
    );
    if (row.template === 'support_escalation') return;
    const subject = `Notification could not be delivered: ${row.template} (${row.channel})`;
    const message = [
      `Notification ${row.id} (${row.template}, ${row.channel}) failed after ${row.attempts} attempt(s).`,
      `Last error: ${error.message}`,
      'The customer did not receive it; check the provider and resend or contact the customer.',
    ].join('\n');
    const ticket = await openTicket(tx, {
      customerId: row.customer_id,
      subject,
      message,
      origin: 'system',
      sourceRef: `notification:${row.id}`,
    });
    await outbox.queue({
      customerId: row.customer_id,
      channel: 'email',
      template: 'support_escalation',
      recipient: context.config.email.supportEmail,
      payload: { ticketId: ticket.id, subject, message, origin: 'system' },
      idempotencyKey: `escalation:notification:${row.id}`,
    });
  });
}
