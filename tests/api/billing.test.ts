import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCapture } from '../../domain/billing/capture-check.ts';
import { centsToValue, PLANS, valueToCents } from '../../domain/billing/plans.ts';
import { addMonthsClamped, nextRenewal } from '../../domain/billing/renewal.ts';
import { PayPalFake } from '../../fixtures/paypal/paypal-fake.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

describe('billing domain', () => {
  it('round-trips every amount between cents and PayPal decimal strings', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (cents) => {
        expect(valueToCents(centsToValue(cents))).toBe(cents);
      }),
    );
    expect(centsToValue(4900)).toBe('49.00');
    expect(valueToCents('49.5')).toBe(4950);
    expect(valueToCents('49.001')).toBeNull();
  });

  it('accepts only a completed capture of exactly the ordered amount and currency', () => {
    const expected = { amountCents: 9900, currency: 'USD' };
    expect(verifyCapture(expected, { status: 'COMPLETED', currency: 'USD', value: '99.00' })).toEqual({
      ok: true,
    });
    expect(verifyCapture(expected, { status: 'COMPLETED', currency: 'USD', value: '98.99' })).toMatchObject({
      reason: 'mismatch',
    });
    expect(verifyCapture(expected, { status: 'COMPLETED', currency: 'CAD', value: '99.00' })).toMatchObject({
      reason: 'mismatch',
    });
    expect(verifyCapture(expected, { status: 'PENDING', currency: 'USD', value: '99.00' })).toMatchObject({
      reason: 'mismatch',
    });
    expect(verifyCapture(expected, { status: 'DECLINED', currency: 'USD', value: '99.00' })).toMatchObject({
      reason: 'declined',
    });
  });

  it('renews monthly from the purchase day, clamping to short months without drifting', () => {
    const jan31 = Date.UTC(2026, 0, 31, 10);
    expect(new Date(addMonthsClamped(jan31, 1)).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(new Date(addMonthsClamped(jan31, 2)).toISOString()).toBe('2026-03-31T10:00:00.000Z');
    expect(new Date(addMonthsClamped(Date.UTC(2027, 11, 15), 2)).toISOString()).toBe(
      '2028-02-15T00:00:00.000Z',
    );
    expect(new Date(nextRenewal(jan31, Date.UTC(2026, 1, 27))).toISOString()).toBe(
      '2026-02-28T10:00:00.000Z',
    );
    expect(new Date(nextRenewal(jan31, Date.UTC(2026, 1, 28, 10))).toISOString()).toBe(
      '2026-03-31T10:00:00.000Z',
    );
  });

  it('always puts the next renewal after now and at most one month (31 days) ahead', () => {
    const day = 24 * 3600 * 1000;
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 0, max: 3000 * day }),
        (start, elapsed) => {
          const now = start + elapsed;
          const next = nextRenewal(start, now);
          expect(next).toBeGreaterThan(now);
          expect(next - now).toBeLessThanOrEqual(31 * day);
          expect(new Date(next).getUTCDate()).toBeLessThanOrEqual(new Date(start).getUTCDate());
        },
      ),
    );
  });
});

describe('GET /api/portal/:customerId/billing', () => {
  let fake: PayPalFake;
  let t: TestApp;
  beforeAll(async () => {
    fake = await PayPalFake.start();
    t = await buildTestApp({
      env: { PAYPAL_CLIENT_ID: 'b-client', PAYPAL_CLIENT_SECRET: 'b-secret', PAYPAL_API_BASE: fake.url },
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('shows the plan, status, payments and next renewal of a customer who bought through PayPal', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/paypal/create-order',
      payload: { plan: 'business', email: 'billing@example.test' },
    });
    const { orderId } = created.json();
    const { customerId } = (
      await t.app.inject({ method: 'POST', url: '/api/paypal/capture-order', payload: { orderId } })
    ).json();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/portal/${customerId}/billing`,
      headers: { cookie: await t.sessionCookie(customerId) },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const business = PLANS.find((p) => p.id === 'business')!;
    expect(body.plan).toEqual({
      id: 'business',
      name: business.name,
      priceCents: business.priceCents,
      currency: 'USD',
      includedMinutes: business.includedMinutes,
    });
    expect(body.status).toBe('active');
    expect(body.payments).toHaveLength(1);
    expect(body.payments[0]).toMatchObject({
      amountCents: business.priceCents,
      currency: 'USD',
      status: 'completed',
    });
    const paidAt = Date.parse(body.payments[0].createdAt);
    expect(Date.parse(body.nextRenewal)).toBe(addMonthsClamped(paidAt, 1));
  });

  it('has no renewal for a customer without payments, and hides other customers (404)', async () => {
    const a = await t.createCustomer();
    const b = await t.createCustomer();
    const cookie = await t.sessionCookie(a.id);
    const own = await t.app.inject({
      method: 'GET',
      url: `/api/portal/${a.id}/billing`,
      headers: { cookie },
    });
    expect(own.json()).toMatchObject({ payments: [], nextRenewal: null });
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/portal/${b.id}/billing`,
      headers: { cookie },
    });
    expect(other.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/portal/${a.id}/billing` })).statusCode).toBe(401);
  });
});
