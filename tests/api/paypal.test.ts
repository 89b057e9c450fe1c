import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PayPalFake } from '../../fixtures/paypal/paypal-fake.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

let fake: PayPalFake;
let t: TestApp;

beforeAll(async () => {
  fake = await PayPalFake.start({ webhookId: 'WH-TEST' });
  t = await buildTestApp({
    env: {
      PAYPAL_CLIENT_ID: 'test-client',
      PAYPAL_CLIENT_SECRET: 'test-secret',
      PAYPAL_API_BASE: fake.url,
      PAYPAL_WEBHOOK_ID: 'WH-TEST',
    },
  });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

let emailCounter = 0;
async function createOrder(plan = 'pro', extra: Record<string, unknown> = {}) {
  emailCounter += 1;
  const email = `buyer${emailCounter}-${Date.now()}@example.test`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/paypal/create-order',
    payload: { plan, email, businessName: 'Sunrise Dental', ...extra },
  });
  expect(res.statusCode).toBe(201);
  return { orderId: res.json<{ orderId: string }>().orderId, email };
}

const capture = (orderId: string) =>
  t.app.inject({ method: 'POST', url: '/api/paypal/capture-order', payload: { orderId } });

const countCustomers = (email: string) =>
  t.db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
    SELECT count(*)::int AS n FROM customers WHERE email = ${email}`);

describe('plans and PayPal config', () => {
  it('serves the catalogue with prices in cents', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/plans' });
    expect(res.statusCode).toBe(200);
    const { plans } = res.json<{ plans: { id: string; priceCents: number; currency: string }[] }>();
    expect(plans.map((p) => p.id)).toEqual(['starter', 'pro', 'business']);
    for (const p of plans) {
      expect(Number.isInteger(p.priceCents)).toBe(true);
      expect(p.currency).toBe('USD');
    }
  });

  it('tells the portal to use real PayPal buttons when credentials are configured', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/paypal/config' });
    expect(res.json()).toEqual({ mode: 'paypal', clientId: 'test-client', currency: 'USD' });
  });
});

describe('create-order', () => {
  it('charges the catalogue price, never one the client sends', async () => {
    const { orderId } = await createOrder('business', { amount: '0.01', priceCents: 1 });
    const sent = fake.server.requestsTo('POST', '/v2/checkout/orders').at(-1)!;
    expect(sent.json()).toMatchObject({
      intent: 'CAPTURE',
      purchase_units: [{ amount: { currency_code: 'USD', value: '249.00' }, custom_id: 'business' }],
    });
    expect(fake.orders.get(orderId)?.amount.value).toBe('249.00');
  });

  it('rejects an unknown plan naming the field, and creates no order at PayPal', async () => {
    const before = fake.orders.size;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/paypal/create-order',
      payload: { plan: 'platinum', email: 'a@example.test' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/plan/);
    expect(fake.orders.size).toBe(before);
  });
});

describe('capture-order', () => {
  it('creates one active customer with onboarding, payment, welcome email and a portal link', async () => {
    const { orderId, email } = await createOrder('pro');
    const res = await capture(orderId);
    expect(res.statusCode).toBe(200);
    const { customerId, portalUrl } = res.json<{ customerId: string; portalUrl: string }>();

    const captureCall = fake.server.requestsTo('POST', `/v2/checkout/orders/${orderId}/capture`).at(-1)!;
    expect(captureCall.headers['paypal-request-id']).toBe(`capture-${orderId}`);

    const customer = await t.db.pool.one(
      sql.type(
        z.object({ subscription_plan: z.string(), status: z.string(), business_name: z.string() }),
      )`SELECT subscription_plan, status, business_name FROM customers WHERE id = ${customerId}`,
    );
    expect(customer).toEqual({ subscription_plan: 'pro', status: 'active', business_name: 'Sunrise Dental' });
    const onboarding = await t.db.pool.one(sql.type(
      z.object({ current_step: z.number(), progress: z.number() }),
    )`
      SELECT current_step, progress FROM onboarding_states WHERE customer_id = ${customerId}`);
    expect(onboarding).toEqual({ current_step: 1, progress: 0 });
    const payments = await t.db.pool.any(sql.type(z.object({ amount_cents: z.number(), status: z.string() }))`
      SELECT amount_cents, status FROM payments WHERE customer_id = ${customerId}`);
    expect(payments).toEqual([{ amount_cents: 9900, status: 'completed' }]);
    const welcome = await t.db.pool.any(sql.type(z.object({ recipient: z.string(), status: z.string() }))`
      SELECT recipient, status FROM notifications WHERE customer_id = ${customerId} AND template = 'welcome'`);
    expect(welcome).toEqual([{ recipient: email, status: 'pending' }]);

    // The portal link signs the owner in once and lands on onboarding.
    const url = new URL(portalUrl);
    const signIn = await t.app.inject({ method: 'GET', url: url.pathname + url.search });
    expect(signIn.statusCode).toBe(302);
    expect(signIn.headers.location).toBe('/onboarding');
    expect(String(signIn.headers['set-cookie'])).toMatch(/ar_session=/);
    const again = await t.app.inject({ method: 'GET', url: url.pathname + url.search });
    expect(again.headers.location).toMatch(/expired/);
  });

  it('answers a retried capture with the same customer and link, creating nothing', async () => {
    const { orderId, email } = await createOrder('starter');
    const first = (await capture(orderId)).json();
    const second = await capture(orderId);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first);
    expect(await countCustomers(email)).toBe(1);
  });

  it('answers a declined payment with 402, a retry hint and no account; a later retry can succeed', async () => {
    const { orderId, email } = await createOrder('pro');
    fake.declineNextCapture();
    const declined = await capture(orderId);
    expect(declined.statusCode).toBe(402);
    expect(declined.json().error).toMatchObject({ code: 'payment_declined', details: { retryable: true } });
    expect(await countCustomers(email)).toBe(0);
    const status = await t.db.pool.oneFirst(sql.type(z.object({ status: z.string() }))`
      SELECT status FROM paypal_orders WHERE id = ${orderId}`);
    expect(status).toBe('declined');

    const retried = await capture(orderId);
    expect(retried.statusCode).toBe(200);
    expect(await countCustomers(email)).toBe(1);
  });

  it('refuses a capture whose amount, currency or status differs from the order (409, nothing created)', async () => {
    for (const override of [{ value: '1.00' }, { currency_code: 'EUR' }, { status: 'PENDING' }]) {
      const { orderId, email } = await createOrder('pro');
      fake.mismatchNextCapture(override);
      const res = await capture(orderId);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('payment_mismatch');
      expect(await countCustomers(email)).toBe(0);
    }
  });

  it('answers 404 for an order we never created', async () => {
    const res = await capture('NOSUCHORDER12345');
    expect(res.statusCode).toBe(404);
  });

  it('answers 502 with a retry hint when PayPal is unreachable, and creates nothing', async () => {
    const { orderId, email } = await createOrder('pro');
    fake.server.faults.dropNext(1, `/v2/checkout/orders/${orderId}/capture`);
    const res = await capture(orderId);
    expect(res.statusCode).toBe(502);
    expect(res.json().error.details.retryable).toBe(true);
    expect(await countCustomers(email)).toBe(0);
  });
});
