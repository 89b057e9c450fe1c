import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { captureRequestId } from '../../domain/billing/purchase.ts';
import { PayPalFake } from '../../fixtures/paypal/paypal-fake.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

let fake: PayPalFake;
let t: TestApp;

beforeAll(async () => {
  fake = await PayPalFake.start({ webhookId: 'WH-HOOKS' });
  t = await buildTestApp({
    env: {
      PAYPAL_CLIENT_ID: 'hook-client',
      PAYPAL_CLIENT_SECRET: 'hook-secret',
      PAYPAL_API_BASE: fake.url,
      PAYPAL_WEBHOOK_ID: 'WH-HOOKS',
    },
  });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

let n = 0;
async function paidOrder() {
  n += 1;
  const email = `hook${n}-${Date.now()}@example.test`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/paypal/create-order',
    payload: { plan: 'starter', email, businessName: 'Hook Salon' },
  });
  const { orderId } = res.json<{ orderId: string }>();
  fake.captureDirectly(orderId, captureRequestId(orderId));
  return { orderId, email };
}

const deliver = (event: Record<string, unknown>, headers: object = fake.sign(event)) =>
  t.app.inject({
    method: 'POST',
    url: '/api/paypal/verify-webhook',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(event),
  });

const customersFor = (email: string) =>
  t.db.pool.any(sql.type(z.object({ id: z.uuid(), status: z.string() }))`
    SELECT id, status FROM customers WHERE email = ${email}`);
const eventCount = () =>
  t.db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM webhook_events`);

describe('PayPal webhooks', () => {
  it('rejects a forged signature with 400 and changes nothing', async () => {
    const { orderId, email } = await paidOrder();
    const event = fake.captureEvent(orderId, 'PAYMENT.CAPTURE.COMPLETED');
    const before = await eventCount();
    const forged = {
      ...fake.sign(event),
      'paypal-transmission-sig': Buffer.from('forged').toString('base64'),
    };
    const res = await deliver(event, forged);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_signature');
    expect(await customersFor(email)).toEqual([]);
    expect(await eventCount()).toBe(before);
    // The app asked PayPal (the fake), it did not judge the signature itself.
    expect(
      fake.server.requestsTo('POST', '/v1/notifications/verify-webhook-signature').length,
    ).toBeGreaterThan(0);
  });

  it('rejects a genuine event signed for another webhook id, a tampered body, and missing headers', async () => {
    const { orderId, email } = await paidOrder();
    const event = fake.captureEvent(orderId, 'PAYMENT.CAPTURE.COMPLETED');
    expect((await deliver(event, fake.sign(event, 'WH-SOMEONE-ELSE'))).statusCode).toBe(400);
    const headers = fake.sign(event);
    const tampered = {
      ...event,
      resource: { ...(event.resource as object), amount: { currency_code: 'USD', value: '0.01' } },
    };
    expect((await deliver(tampered, headers)).statusCode).toBe(400);
    expect((await deliver(event, {})).statusCode).toBe(400);
    expect(await customersFor(email)).toEqual([]);
  });

  it('answers 400 when PayPal cannot be asked (unverifiable), changing nothing', async () => {
    const { orderId, email } = await paidOrder();
    const event = fake.captureEvent(orderId, 'PAYMENT.CAPTURE.COMPLETED');
    fake.server.faults.failNext(
      1,
      503,
      { name: 'SERVICE_UNAVAILABLE' },
      '/v1/notifications/verify-webhook-signature',
    );
    expect((await deliver(event)).statusCode).toBe(400);
    expect(await customersFor(email)).toEqual([]);
  });

  it('creates the customer when the webhook arrives first; the later capture call converges on it', async () => {
    const { orderId, email } = await paidOrder();
    const res = await deliver(fake.captureEvent(orderId, 'PAYMENT.CAPTURE.COMPLETED'));
    expect(res.json()).toEqual({ status: 'processed' });
    const [customer] = await customersFor(email);
    expect(customer?.status).toBe('active');
    const captured = await t.app.inject({
      method: 'POST',
      url: '/api/paypal/capture-order',
      payload: { orderId },
    });
    expect(captured.statusCode).toBe(200);
    expect(captured.json().customerId).toBe(customer?.id);
    expect(await customersFor(email)).toHaveLength(1);
  });

  it('dedupes duplicate and concurrent deliveries of one event by its id', async () => {
    const { orderId, email } = await paidOrder();
    const event = fake.captureEvent(orderId, 'PAYMENT.CAPTURE.COMPLETED');
    const results = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    const statuses = results.map((r) => r.json().status).sort();
    expect(statuses).toEqual(['duplicate', 'duplicate', 'processed']);
    expect((await deliver(event)).json()).toEqual({ status: 'duplicate' });
    expect(await customersFor(email)).toHaveLength(1);
  });

  it('pauses the customer on a refund and on a reversal, and marks the payment', async () => {
    for (const type of ['PAYMENT.CAPTURE.REFUNDED', 'PAYMENT.CAPTURE.REVERSED'] as const) {
      const { orderId, email } = await paidOrder();
      await deliver(fake.captureEvent(orderId, 'PAYMENT.CAPTURE.COMPLETED'));
      const res = await deliver(fake.captureEvent(orderId, type));
      expect(res.json()).toEqual({ status: 'processed' });
      const [customer] = await customersFor(email);
      expect(customer?.status).toBe('paused');
      const payment = await t.db.pool.oneFirst(sql.type(z.object({ status: z.string() }))`
        SELECT status FROM payments WHERE order_id = ${orderId}`);
      expect(payment).toBe(type.endsWith('REFUNDED') ? 'refunded' : 'reversed');
    }
  });

  it('marks a denied capture: the order is declined and no customer appears', async () => {
    const { orderId, email } = await paidOrder();
    await deliver(fake.captureEvent(orderId, 'PAYMENT.CAPTURE.DENIED'));
    expect(await customersFor(email)).toEqual([]);
    const status = await t.db.pool.oneFirst(sql.type(z.object({ status: z.string() }))`
      SELECT status FROM paypal_orders WHERE id = ${orderId}`);
    expect(status).toBe('declined');
  });

  it('asks PayPal to redeliver a refund for a capture it has not recorded yet (409, not claimed)', async () => {
    const { orderId } = await paidOrder();
    const refund = fake.captureEvent(orderId, 'PAYMENT.CAPTURE.REFUNDED');
    const before = await eventCount();
    expect((await deliver(refund)).statusCode).toBe(409);
    expect(await eventCount()).toBe(before);
  });
});
