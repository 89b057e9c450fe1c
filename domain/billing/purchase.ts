import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/config.ts';
import { createCustomer } from '../../db/customers.ts';
import { queueNotification } from '../../db/notifications.ts';
import { findOrder, insertOrder, lockOrder, markOrderCompleted, markOrderDeclined } from '../../db/orders.ts';
import { recordPayment } from '../../db/payments.ts';
import type { DatabasePool, DatabaseTransactionConnection } from '../../db/pool.ts';
import { createLoginLink } from '../../db/sessions.ts';
import {
  type CaptureOutcome,
  type PayPalGateway,
  PayPalUnavailableError,
} from '../../integrations/paypal-client.ts';
import { dispatchNotifications } from '../../jobs/outbox.ts';
import type { JobQueues } from '../../jobs/queues.ts';
import { AppError, badRequest, notFound } from '../../lib/errors.ts';
import { createSealer } from '../../lib/sealer.ts';
import { loginUrl } from '../auth/login-links.ts';
import { verifyCapture } from './capture-check.ts';
import { centsToValue, findPlan } from './plans.ts';

/** The logging the purchase flow needs (pino and fastify's request/app loggers both fit). */
export interface LogSink {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PurchaseDeps {
  config: Config;
  pool: DatabasePool;
  queues: JobQueues;
  paypal: PayPalGateway | null;
  logger: LogSink;
}

/** The welcome email's own link lives longer than the one the checkout page follows at once. */
const WELCOME_LINK_TTL_MS = 7 * 24 * 3600 * 1000;

export const paymentsUnavailable = () =>
  new AppError(503, 'payments_unavailable', 'Payments are not configured on this server', {
    retryable: true,
  });

const providerDown = (error: unknown) =>
  new AppError(502, 'payment_provider_unavailable', 'PayPal did not answer; please try again', {
    retryable: true,
    cause: (error as Error).message,
  });

/** The capture's idempotency key: every retry of one order's capture is the same PayPal request. */
export const captureRequestId = (orderId: string) => `capture-${orderId}`;

export interface CompletedPurchase {
  customerId: string;
  portalUrl: string;
  /** False when the order already had its customer (a retry, duplicate or the webhook first). */
  created: boolean;
}

function gateway(deps: PurchaseDeps): PayPalGateway {
  if (!deps.paypal) throw paymentsUnavailable();
  return deps.paypal;
}

export async function createPlanOrder(
  deps: PurchaseDeps,
  input: { plan: string; email: string; businessName?: string | undefined },
): Promise<{ orderId: string; approveUrl: string | null }> {
  const plan = findPlan(input.plan);
  if (!plan) throw badRequest('plan: unknown plan', { field: 'plan' });
  const paypal = gateway(deps);
  const created = await paypal
    .createOrder({
      currency: plan.currency,
      value: centsToValue(plan.priceCents),
      customId: plan.id,
      requestId: `create-${randomUUID()}`,
    })
    .catch((error: unknown) => {
      throw error instanceof PayPalUnavailableError ? providerDown(error) : error;
    });
  await insertOrder(deps.pool, {
    id: created.orderId,
    plan: plan.id,
    amountCents: plan.priceCents,
    currency: plan.currency,
    email: input.email,
    businessName: input.businessName?.trim() || null,
  });
  return created;
}

/**
 * Turns a paid order into exactly one customer, inside the caller's transaction. The row lock on
 * the order serialises captures and webhooks; the loser of a race returns the winner's customer.
 * Returns the ids of outbox rows to dispatch after commit.
 */
export async function completeOrderIn(
  tx: DatabaseTransactionConnection,
  deps: Pick<PurchaseDeps, 'config'>,
  orderId: string,
  captureId: string,
): Promise<CompletedPurchase & { notificationIds: string[] }> {
  const order = await lockOrder(tx, orderId);
  if (!order) throw notFound('Order');
  const publicUrl = deps.config.http.publicUrl;
  const sealer = createSealer(deps.config.secrets);
  if (order.customer_id) {
    const portalUrl = order.portal_token_enc
      ? loginUrl(publicUrl, sealer.open(order.portal_token_enc), '/onboarding')
      : `${publicUrl}/signin`;
    return { customerId: order.customer_id, portalUrl, created: false, notificationIds: [] };
  }
  const plan = findPlan(order.plan)!;
  const customer = await createCustomer(tx, {
    email: order.email,
    businessName: order.business_name ?? '',
    plan: order.plan,
    status: 'active',
  });
  const token = await createLoginLink(tx, customer.id);
  await markOrderCompleted(tx, {
    id: order.id,
    customerId: customer.id,
    captureId,
    portalTokenEnc: sealer.seal(token),
  });
  await recordPayment(tx, {
    customerId: customer.id,
    orderId: order.id,
    captureId,
    amountCents: order.amount_cents,
    currency: order.currency,
  });
  const welcomeToken = await createLoginLink(tx, customer.id, WELCOME_LINK_TTL_MS);
  const welcome = await queueNotification(tx, {
    customerId: customer.id,
    channel: 'email',
    template: 'welcome',
    recipient: order.email,
    payload: {
      businessName: order.business_name ?? '',
      planName: plan.name,
      portalUrl: loginUrl(publicUrl, welcomeToken, '/onboarding'),
    },
    idempotencyKey: `welcome:${order.id}`,
  });
  return {
    customerId: customer.id,
    portalUrl: loginUrl(publicUrl, token, '/onboarding'),
    created: true,
    notificationIds: [welcome.id],
  };
}

/** After commit: hand outbox rows to the workers; if this fails the sweeper sends them later. */
export async function dispatchAfterCommit(deps: Pick<PurchaseDeps, 'queues' | 'logger'>, ids: string[]) {
  if (ids.length === 0) return;
  await dispatchNotifications(deps.queues, ids).catch((err: unknown) =>
    deps.logger.warn(
      { err, notificationIds: ids },
      'enqueue after commit failed; the outbox sweeper will send',
    ),
  );
}

async function askPayPalToCapture(paypal: PayPalGateway, orderId: string): Promise<CaptureOutcome> {
  try {
    const outcome = await paypal.captureOrder(orderId, captureRequestId(orderId));
    // Captured earlier under another request id (e.g. from PayPal's side): read that capture.
    return outcome.kind === 'already_captured' ? await paypal.getCapture(orderId) : outcome;
  } catch (error) {
    throw error instanceof PayPalUnavailableError ? providerDown(error) : error;
  }
}

export async function capturePlanOrder(deps: PurchaseDeps, orderId: string): Promise<CompletedPurchase> {
  const order = await findOrder(deps.pool, orderId);
  if (!order) throw notFound('Order');
  if (order.customer_id) {
    const done = await deps.pool.transaction((tx) =>
      completeOrderIn(tx, deps, orderId, order.capture_id ?? ''),
    );
    return { customerId: done.customerId, portalUrl: done.portalUrl, created: false };
  }
  const outcome = await askPayPalToCapture(gateway(deps), orderId);
  if (outcome.kind === 'not_found' || outcome.kind === 'already_captured') throw notFound('Order');
  const verdict =
    outcome.kind === 'declined'
      ? ({ ok: false, reason: 'declined', detail: outcome.issue } as const)
      : verifyCapture({ amountCents: order.amount_cents, currency: order.currency }, outcome);
  if (!verdict.ok && verdict.reason === 'declined') {
    await markOrderDeclined(deps.pool, orderId);
    deps.logger.info({ orderId, issue: verdict.detail }, 'payment declined');
    throw new AppError(
      402,
      'payment_declined',
      'PayPal declined the payment. Please try again with another card or funding source.',
      { retryable: true, issue: verdict.detail },
    );
  }
  if (!verdict.ok) {
    deps.logger.error({ orderId, detail: verdict.detail }, 'captured payment does not match the order');
    throw new AppError(
      409,
      'payment_mismatch',
      'The payment does not match the order; no account was created.',
      {
        retryable: false,
        detail: verdict.detail,
      },
    );
  }
  if (outcome.kind !== 'captured') throw notFound('Order');
  const done = await deps.pool.transaction((tx) => completeOrderIn(tx, deps, orderId, outcome.captureId));
  await dispatchAfterCommit(deps, done.notificationIds);
  if (done.created)
    deps.logger.info({ orderId, customerId: done.customerId }, 'customer created from payment');
  return { customerId: done.customerId, portalUrl: done.portalUrl, created: done.created };
}
