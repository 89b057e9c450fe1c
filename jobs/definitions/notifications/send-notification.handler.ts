import { UnrecoverableError } from 'bullmq';
import {
  markNotificationSent,
  recordNotificationError,
  startDeliveryAttempt,
} from '../../../db/notifications.ts';
import { findCustomerNumber } from '../../../db/phone-numbers.ts';
import type { JobContext } from '../../job-context.ts';
import type { JobMeta } from '../../job-definition.ts';
import { createMailer, EmailSendError, type Mailer } from '../../notifications/email-sender.ts';
import { SmsSendError } from '../../notifications/sms-sender.ts';
import { renderEmail, renderSms, TemplateError } from '../../notifications/templates.ts';
import '../../notifications/services.ts';

let fallbackMailer: { url: string; mailer: Mailer } | null = null;

/** The worker's mailer, or one built from SMTP_URL when the composition root gave none. */
function mailerFor(context: JobContext): Mailer {
  if (context.services.mailer) return context.services.mailer;
  const url = context.config.email.smtpUrl;
  if (!url) throw new Error('no mailer: SMTP_URL is unset and no mail catcher was started');
  if (fallbackMailer?.url !== url)
    fallbackMailer = { url, mailer: createMailer({ smtpUrl: url, from: context.config.email.from }) };
  return fallbackMailer.mailer;
}

/** Same notification, same Message-ID: a resend after a crash is recognisably the same email. */
export const messageIdFor = (notificationId: string) => `<notification-${notificationId}@receptionist.local>`;

/**
 * Sends a pending row once. A row already sent (or given up on) is left alone, so a retried or
 * re-enqueued job never sends again after the provider accepted it.
 */
export async function handle(
  payload: { notificationId: string },
  context: JobContext,
  meta: JobMeta,
): Promise<{ status: string; providerMessageId?: string }> {
  const row = await startDeliveryAttempt(context.pool, payload.notificationId);
  if (!row) throw new UnrecoverableError(`notification ${payload.notificationId} does not exist`);
  if (row.status !== 'pending') return { status: `already ${row.status}` };
  try {
    let providerMessageId: string;
    if (row.channel === 'email') {
      const rendered = renderEmail(row.template, row.payload);
      ({ providerMessageId } = await mailerFor(context).send({
        to: row.recipient,
        ...rendered,
        messageId: messageIdFor(row.id),
        headers: { 'X-Notification-Id': row.id, 'X-Template': row.template },
      }));
    } else {
      // Owner alerts come from the business's own receptionist number unless the producer chose one.
      const from =
        typeof row.payload.from === 'string'
          ? row.payload.from
          : row.customer_id
            ? ((await findCustomerNumber(context.pool, row.customer_id))?.e164 ?? null)
            : null;
      if (!from) throw new UnrecoverableError('no number to send this SMS from');
      if (!context.services.sms) throw new Error('no SMS sender: Twilio is not configured');
      ({ providerMessageId } = await context.services.sms.send({
        to: row.recipient,
        from,
        body: renderSms(row.template, row.payload),
      }));
    }
    await markNotificationSent(context.pool, row.id, providerMessageId);
    context.logger.info(
      { notificationId: row.id, template: row.template, channel: row.channel, attempt: meta.attempt },
      'notification sent',
    );
    return { status: 'sent', providerMessageId };
  } catch (error) {
    const message = (error as Error).message;
    await recordNotificationError(context.pool, row.id, message);
    const permanent =
      error instanceof TemplateError ||
      ((error instanceof EmailSendError || error instanceof SmsSendError) && error.permanent);
    if (permanent) throw new UnrecoverableError(message);
    throw error;
  }
}
