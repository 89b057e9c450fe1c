import fc from 'fast-check';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { captureRequestId } from '../../domain/billing/purchase.ts';
import { PayPalFake } from '../../fixtures/paypal/paypal-fake.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

let fake: PayPalFake;
let t: TestApp;

beforeAll(async () => {
  fake = await PayPalFake.start({ webhookId: 'WH-PROP' });
  t = await buildTestApp({
    env: {
      PAYPAL_CLIENT_ID: 'prop-client',
      PAYPAL_CLIENT_SECRET: 'prop-secret',
      PAYPAL_API_BASE: fake.url,
      PAYPAL_WEBHOOK_ID: 'WH-PROP',
    },
  });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

const count = (query: ReturnType<typeof sql.unsafe>) =>
  t.db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM (${query}) q`);

let run = 0;

/**
 * Seed Property 1: however captures of one order interleave (concurrent in a wave, retried in
 * later waves, with PayPal answering at different speeds) and whenever PayPal's
 * capture-completed webhook arrives (before, during, after, twice), the order yields exactly one
 * customer, one payment, one welcome email, and every capture answer names that customer.
 */
describe('Property 1: one order, one customer', () => {
  it('holds over interleavings of concurrent, duplicated and retried captures and webhooks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 4 }),
        fc.option(
          fc.record({ wave: fc.integer({ min: 0, max: 2 }), copies: fc.integer({ min: 1, max: 2 }) }),
        ),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 4, maxLength: 4 }),
        async (captureWaves, webhook, delaysMs) => {
          run += 1;
          // Each run is its own client address so the per-IP rate limits do not interfere.
          const remoteAddress = `10.1.${Math.floor(run / 250)}.${run % 250}`;
          const email = `prop${run}-${Date.now()}@example.test`;
          const created = await t.app.inject({
            method: 'POST',
            url: '/api/paypal/create-order',
            remoteAddress,
            payload: { plan: 'pro', email },
          });
          expect(created.statusCode).toBe(201);
          const { orderId } = created.json<{ orderId: string }>();
          const path = `/v2/checkout/orders/${orderId}/capture`;
          for (const ms of delaysMs) fake.server.faults.delayNext(ms, 1, path);

          let event: Record<string, unknown> | null = null;
          if (webhook) {
            // PayPal captured (say, the buyer's first capture call timed out on our side).
            fake.captureDirectly(orderId, captureRequestId(orderId));
            event = fake.captureEvent(orderId, 'PAYMENT.CAPTURE.COMPLETED');
          }
          const answers: string[] = [];
          for (let wave = 0; wave <= 2; wave++) {
            const calls: Promise<void>[] = captureWaves
              .filter((w) => w === wave)
              .map(async () => {
                const res = await t.app.inject({
                  method: 'POST',
                  url: '/api/paypal/capture-order',
                  remoteAddress,
                  payload: { orderId },
                });
                expect(res.statusCode).toBe(200);
                answers.push(JSON.stringify(res.json()));
              });
            if (event && webhook?.wave === wave) {
              for (let i = 0; i < webhook.copies; i++) {
                calls.push(
                  t.app
                    .inject({
                      method: 'POST',
                      url: '/api/paypal/verify-webhook',
                      headers: { 'content-type': 'application/json', ...fake.sign(event) },
                      payload: JSON.stringify(event),
                    })
                    .then((res) => {
                      expect(res.statusCode).toBe(200);
                    }),
                );
              }
            }
            await Promise.all(calls);
          }
          fake.server.faults.clear();

          expect(new Set(answers).size).toBe(1);
          const customerId = JSON.parse(answers[0]!).customerId as string;
          expect(await count(sql.unsafe`SELECT 1 FROM customers WHERE email = ${email}`)).toBe(1);
          expect(await count(sql.unsafe`SELECT 1 FROM payments WHERE order_id = ${orderId}`)).toBe(1);
          expect(
            await count(
              sql.unsafe`SELECT 1 FROM notifications WHERE customer_id = ${customerId} AND template = 'welcome'`,
            ),
          ).toBe(1);
          expect(
            await count(sql.unsafe`SELECT 1 FROM onboarding_states WHERE customer_id = ${customerId}`),
          ).toBe(1);
        },
      ),
      { numRuns: 25 },
    );
  });
});
