import fc from 'fast-check';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findOnboarding } from '../../db/onboarding.ts';
import { loadBusinessProfile } from '../../domain/business/profile.ts';
import { completeStep } from '../../domain/onboarding/complete-step.ts';
import { progressAfter, STEPS, type Step } from '../../domain/onboarding/state-machine.ts';
import { BusinessInfo } from '../../lib/business-schemas.ts';
import { outboxRows } from '../helpers/outbox-rows.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

/** Seed Properties 2 (progress) and 8 (idempotent go-live), plus the step data the voice side reads. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

const INFO = {
  name: 'Clean Cuts',
  industry: 'Beauty',
  profession: 'Barber',
  phone: '+12125550100',
  services: [{ name: 'Haircut', durationMin: 30, priceCents: 3500 }],
  hours: { mon: [{ open: '10:00', close: '18:00' }], sat: [{ open: '09:00', close: '13:00' }] },
  timeZone: 'America/New_York',
  address: '5 Main St',
};

async function owner() {
  const customer = await t.createCustomer();
  const cookie = await t.sessionCookie(customer.id);
  const call = (path: string, payload?: unknown, method: 'GET' | 'POST' = 'POST') =>
    t.app.inject({
      method,
      url: `/api/onboarding/${customer.id}${path}`,
      headers: { cookie },
      payload: payload as never,
    });
  return { id: customer.id, call };
}

/** Steps 1–6 through the API (development number pool: no Twilio configured here). */
async function readyToGoLive() {
  const o = await owner();
  for (const [path, body] of [
    ['/business-info', INFO],
    ['/phone-config', { businessPhone: '+12125550100', smsEnabled: true, carrier: 'tmobile' }],
    ['/caller-responses', { greeting: 'Clean Cuts, hi!', instructions: 'Walk-ins welcome.' }],
    ['/calendar/builtin', undefined],
    ['/demo/skip', undefined],
    ['/review', undefined],
  ] as const) {
    const res = await o.call(path, body);
    expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
  }
  return o;
}

describe('Property 2: progress never decreases; completing step N gives at least N×14 %', () => {
  it('holds over generated sequences of step completions and edits (repository + SQL trigger)', async () => {
    const info = BusinessInfo.parse({ ...INFO });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...STEPS), { minLength: 1, maxLength: 12 }),
        async (steps) => {
          const customer = await t.createCustomer();
          let previous = 0;
          const done = new Set<number>();
          for (const step of steps) {
            const data = step === 1 ? { businessInfo: info } : {};
            const { state } = await t.db.pool.transaction((tx) =>
              completeStep(tx, outboxRows(tx), customer.id, step, data),
            );
            done.add(step);
            expect(state.progress).toBeGreaterThanOrEqual(previous);
            expect(state.progress).toBeGreaterThanOrEqual(step === 7 ? 100 : step * 14);
            expect(state.progress).toBe(progressAfter(previous, step as Step));
            expect(state.completed_steps).toEqual([...done].sort((a, b) => a - b));
            previous = state.progress;
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('is enforced in SQL: lowering progress or claiming a step without its floor is refused', async () => {
    const customer = await t.createCustomer();
    await t.db.pool.transaction((tx) => completeStep(tx, outboxRows(tx), customer.id, 3));
    await expect(
      t.db.pool.query(
        sql.unsafe`UPDATE onboarding_states SET progress = 10 WHERE customer_id = ${customer.id}`,
      ),
    ).rejects.toMatchObject({ constraint: 'onboarding_progress_monotonic' });
    await expect(
      t.db.pool.query(sql.unsafe`
        UPDATE onboarding_states SET completed_steps = '{1,2,3,5}' WHERE customer_id = ${customer.id}`),
    ).rejects.toMatchObject({ constraint: 'onboarding_progress_floor' });
    expect((await findOnboarding(t.db.pool, customer.id))!.progress).toBe(42);
  });

  it('editing an earlier step through the API keeps progress and does not re-send its email', async () => {
    const o = await owner();
    await o.call('/business-info', INFO);
    await o.call('/caller-responses', { greeting: 'Hi', instructions: '' });
    const before = (await o.call('', undefined, 'GET')).json();
    expect(before.progress).toBe(42);
    const edited = await o.call('/business-info', { ...INFO, name: 'Clean Cuts & Shaves' });
    expect(edited.json()).toMatchObject({ progress: 42, completedSteps: [1, 3], currentStep: 2 });
    expect(edited.json().businessInfo.name).toBe('Clean Cuts & Shaves');
    const emails = await t.db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
      SELECT count(*)::int AS n FROM notifications
      WHERE customer_id = ${o.id} AND template = 'onboarding_step_completed' AND payload->>'step' = '1'`);
    expect(emails).toBe(1);
  });
});

describe('Property 8: go-live is idempotent, concurrently too', () => {
  it('any number of concurrent and repeated calls: one final state, exactly one go_live email', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 2 }),
        async (concurrent, repeats) => {
          const o = await readyToGoLive();
          const first = await Promise.all(Array.from({ length: concurrent }, () => o.call('/complete')));
          const later = [];
          for (let i = 0; i < repeats; i++) later.push(await o.call('/complete'));
          const views = [...first, ...later].map((r) => {
            expect(r.statusCode).toBe(200);
            return r.json();
          });
          for (const v of views) {
            expect(v).toMatchObject({
              live: true,
              progress: 100,
              currentStep: 7,
              completedSteps: [1, 2, 3, 4, 5, 6, 7],
            });
            expect(v).toEqual(views[0]);
          }
          const row = await t.db.pool.one(sql.type(
            z.object({ live: z.boolean(), status: z.string(), numbers: z.string(), emails: z.number() }),
          )`
          SELECT c.receptionist_live AS live, c.status,
                 (SELECT string_agg(status, ',') FROM phone_numbers WHERE customer_id = c.id) AS numbers,
                 (SELECT count(*)::int FROM notifications WHERE customer_id = c.id AND template = 'go_live') AS emails
          FROM customers c WHERE c.id = ${o.id}`);
          expect(row).toEqual({ live: true, status: 'active', numbers: 'active', emails: 1 });
        },
      ),
      { numRuns: 6 },
    );
  });
});

describe('what the other parts read', () => {
  it('assigns a development pool number with T-Mobile codes when Twilio is not configured', async () => {
    const o = await owner();
    const res = (
      await o.call('/phone-config', { businessPhone: '212-555-0100', smsEnabled: false, carrier: 'tmobile' })
    ).json();
    expect(res.phoneConfig.twilioNumber).toMatch(/^\+1555010\d{4}$/);
    expect(res.phoneConfig.businessPhone).toBe('+12125550100');
    const digits = res.phoneConfig.twilioNumber.slice(1);
    expect(res.phoneConfig.forwarding).toEqual({
      unconditional: `**21*${digits}#`,
      busy: `**67*${digits}#`,
      noAnswer: `**61*${digits}#`,
      disable: '##002#',
    });
  });

  it('a finished browser demo completes step 5 through completeStep', async () => {
    const o = await owner();
    const result = await t.db.pool.transaction((tx) =>
      completeStep(tx, outboxRows(tx), o.id, 5, { demoCompleted: true }),
    );
    expect(result.newlyCompleted).toBe(true);
    expect(
      await t.db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
        SELECT count(*)::int AS n FROM notifications
        WHERE customer_id = ${o.id} AND template = 'onboarding_step_completed'`),
    ).toBe(1);
    expect((await o.call('', undefined, 'GET')).json()).toMatchObject({
      demoCompleted: true,
      completedSteps: [5],
      progress: 70,
    });
  });

  it('loadBusinessProfile assembles onboarding answers, settings overrides and SMS', async () => {
    const o = await readyToGoLive();
    await o.call('/caller-responses', {
      greeting: 'Clean Cuts, hi!',
      instructions: 'Walk-ins welcome.',
      neverPromise: 'same-day colour',
    });
    await t.db.pool.query(sql.unsafe`
      UPDATE customers SET settings = ${sql.jsonb({ businessInfo: { address: '7 New St' } })} WHERE id = ${o.id}`);
    const profile = await loadBusinessProfile(t.db.pool, o.id);
    expect(profile).toMatchObject({
      customerId: o.id,
      businessName: 'Clean Cuts',
      industry: 'Beauty',
      profession: 'Barber',
      ownerPhone: '+12125550100',
      timeZone: 'America/New_York',
      address: '7 New St',
      services: INFO.services,
      hours: INFO.hours,
      greeting: 'Clean Cuts, hi!',
      smsEnabled: true,
    });
    expect(profile!.instructions).toBe('Walk-ins welcome.\nNever promise: same-day colour');
    expect(await loadBusinessProfile(t.db.pool, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
