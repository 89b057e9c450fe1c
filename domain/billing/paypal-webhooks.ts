import { z } from 'zod';
import {
  findOrder,
  findOrderByCapture,
  lockOrder,
  markOrderDeclined,
  setOrderStatus,
} from '../../db/orders.ts';
import { pauseCustomerForPayment, setPaymentStatus } from '../../db/payments.ts';
import { claimWebhookEvent } from '../../db/webhook-events.ts';
import { PayPalUnavailableError } from '../../integrations/paypal-client.ts';
import { AppError, badRequest } from '../../lib/errors.ts';
import { verifyCapture } from './capture-check.ts';
import { completeOrderIn, dispatchAfterCommit, type PurchaseDeps } from './purchase.ts';

const Link = z.object({ href: z.string(), rel: z.string() });
const WebhookEvent = z.object({
  id: z.string().min(1).max(200),
  event_type: z.string(),
  resource: z
    .object({
      id: z.string(),
      status: z.string().optional(),
      amount: z.object({ currency_code: z.string(), value: z.string() }).optional(),
      supplementary_data: z.object({ related_ids: z.object({ order_id: z.string().optional() }) }).optional(),
      links: z.array(Link).optional(),
    })
    .loose(),
});
type WebhookEvent = z.infer<typeof WebhookEvent>;

export type WebhookResult = 'processed' | 'duplicate' | 'ignored';

/** The capture a refund/reversal points at (its "up" link), or the resource itself for captures. */
function captureIdOf(event: WebhookEvent): string {
  const up = event.resource.links?.find((l) => l.rel === 'up' && /\/captures\/[^/]+$/.test(l.href));
  return up ? (up.href.split('/').pop() ?? event.resource.id) : event.resource.id;
}

/**
 * Applies one verified PayPal webhook in one transaction with its dedupe claim, so a redelivery
 * (or two concurrent deliveries) changes nothing the second time. A capture-completed event and
 * the capture endpoint meet on the same order row lock and create one customer between them.
 */
export async function handlePayPalWebhook(
  deps: PurchaseDeps,
  input: { headers: Record<string, string | string[] | undefined>; body: unknown },
): Promise<WebhookResult> {
  const webhookId = deps.config.paypal.webhookId;
  if (!deps.paypal || !webhookId) {
    throw badRequest('webhook cannot be verified: PayPal webhook id is not configured');
  }
  let verified = false;
  try {
    verified = await deps.paypal.verifyWebhookSignature({
      headers: input.headers,
      event: input.body,
      webhookId,
    });
  } catch (error) {
    if (!(error instanceof PayPalUnavailableError)) throw error;
    deps.logger.warn({ err: error.message }, 'PayPal webhook could not be verified');
  }
  if (!verified) throw new AppError(400, 'invalid_signature', 'Webhook signature could not be verified');
  const parsed = WebhookEvent.safeParse(input.body);
  if (!parsed.success) throw badRequest(`webhook body: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const event = parsed.data;

  const outcome = await deps.pool.transaction(async (tx) => {
    const fresh = await claimWebhookEvent(tx, {
      id: event.id,
      provider: 'paypal',
      eventType: event.event_type,
      payload: input.body,
    });
    if (!fresh) return { result: 'duplicate' as const, notificationIds: [] as string[] };
    const captureId = captureIdOf(event);
    switch (event.event_type) {
      case 'PAYMENT.CAPTURE.COMPLETED': {
        const orderId = event.resource.supplementary_data?.related_ids.order_id;
        const order = orderId ? await findOrder(tx, orderId) : null;
        if (!order) return { result: 'ignored' as const, notificationIds: [] };
        const verdict = verifyCapture(
          { amountCents: order.amount_cents, currency: order.currency },
          {
            status: event.resource.status ?? '',
            currency: event.resource.amount?.currency_code ?? '',
            value: event.resource.amount?.value ?? '',
          },
        );
        if (!verdict.ok) {
          deps.logger.error({ orderId, detail: verdict.detail }, 'webhook capture does not match the order');
          return { result: 'ignored' as const, notificationIds: [] };
        }
        const done = await completeOrderIn(tx, deps, order.id, captureId);
        return { result: 'processed' as const, notificationIds: done.notificationIds };
      }
      case 'PAYMENT.CAPTURE.DENIED': {
        const orderId = event.resource.supplementary_data?.related_ids.order_id;
        const order =
          (orderId && (await lockOrder(tx, orderId))) || (await findOrderByCapture(tx, captureId));
        if (!order) return { result: 'ignored' as const, notificationIds: [] };
        const payment = await setPaymentStatus(tx, captureId, 'denied');
        if (payment) await pauseCustomerForPayment(tx, payment.customer_id);
        else await markOrderDeclined(tx, order.id);
        return { result: 'processed' as const, notificationIds: [] };
      }
      case 'PAYMENT.CAPTURE.REFUNDED':
      case 'PAYMENT.CAPTURE.REVERSED': {
        const status = event.event_type === 'PAYMENT.CAPTURE.REFUNDED' ? 'refunded' : 'reversed';
        const payment = await setPaymentStatus(tx, captureId, status);
        if (!payment) {
          // Not ours yet (the capture is still being recorded): refuse so PayPal redelivers later.
          throw new AppError(409, 'capture_not_recorded', 'Capture not recorded yet; retry later', {
            retryable: true,
          });
        }
        await setOrderStatus(tx, payment.order_id, status);
        await pauseCustomerForPayment(tx, payment.customer_id);
        deps.logger.info({ customerId: payment.customer_id, status }, 'payment reversed: customer paused');
        return { result: 'processed' as const, notificationIds: [] };
      }
      default:
        return { result: 'ignored' as const, notificationIds: [] };
    }
  });
  await dispatchAfterCommit(deps, outcome.notificationIds);
  return outcome.result;
}
