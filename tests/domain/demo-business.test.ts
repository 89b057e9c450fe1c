import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Config } from '../../config/config.ts';
import { capturePlanOrder, createPlanOrder } from '../../domain/billing/purchase.ts';
import { createCalendarService } from '../../domain/calendar/service.ts';
import {
  DEMO_BUSINESS_INFO,
  DEMO_OWNER_EMAIL,
  type DemoBusinessDeps,
  ensureDemoBusiness,
} from '../../domain/onboarding/demo-business.ts';
import { saveBusinessInfo } from '../../domain/onboarding/steps.ts';
import { PayPalFake } from '../../fixtures/paypal/paypal-fake.ts';
import { createPayPalClient } from '../../integrations/paypal-client.ts';
import { createRedis } from '../../jobs/connection.ts';
import { JobQueues } from '../../jobs/queues.ts';
import { deletePrefix } from '../helpers/test-app.ts';
import { testConfig } from '../helpers/test-config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

/** The demo business seed: one business however many seeds run at once, and a half-done seed resumes. */
describe('ensureDemoBusiness', () => {
  let db: TestDatabase;
  let redis: Redis;
  let queues: JobQueues;
  let paypal: PayPalFake;
  let config: Config;
  let deps: DemoBusinessDeps;

  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 10 });
    config = testConfig(db.url, { PUBLIC_URL: 'http://localhost:3000' });
    redis = createRedis(config.redisUrl);
    queues = new JobQueues(redis, config.queuePrefix);
    paypal = await PayPalFake.start();
    const logger = pino({ level: 'silent' });
    deps = {
      config,
      pool: db.pool,
      queues,
      paypal: createPayPalClient({
        clientId: 'emulator-client',
        clientSecret: 'emulator-secret',
        environment: 'sandbox',
        apiBase: paypal.url,
        mode: 'emulator',
      }),
      calendar: createCalendarService({ pool: db.pool, config }),
      twilio: null,
      logger,
      log: logger,
    };
  });

  afterAll(async () => {
    await deletePrefix(redis, config.queuePrefix);
    await queues.close();
    await redis.quit();
    await paypal.close();
    await db.drop();
  });

  const count = async (query: ReturnType<typeof sql.unsafe>) =>
    db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM (${query}) q`);

  it('creates exactly one live business when several seeds run at once, and each answers it', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => ensureDemoBusiness(deps)));
    expect(new Set(results.map((r) => r.customerId)).size).toBe(1);
    expect(new Set(results.map((r) => r.number)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0]!.number).toMatch(/^\+1555010\d{4}$/);
    // Every seed hands out its own single-use sign-in link.
    expect(new Set(results.map((r) => r.signInUrl)).size).toBe(4);
    expect(await count(sql.unsafe`SELECT 1 FROM customers WHERE email = ${DEMO_OWNER_EMAIL}`)).toBe(1);
    expect(await count(sql.unsafe`SELECT 1 FROM paypal_orders WHERE email = ${DEMO_OWNER_EMAIL}`)).toBe(1);
    expect(await count(sql.unsafe`SELECT 1 FROM payments`)).toBe(1);
    expect(await count(sql.unsafe`SELECT 1 FROM phone_numbers WHERE status = 'active'`)).toBe(1);
    const again = await ensureDemoBusiness(deps);
    expect(again).toMatchObject({
      customerId: results[0]!.customerId,
      number: results[0]!.number,
      created: false,
    });
  });

  it('finishes the onboarding of a business a crashed seed left half-way', async () => {
    // A second database: the business is paid for and has only step 1 done.
    const other = await createTestDatabase({ poolSize: 4 });
    try {
      const half: DemoBusinessDeps = {
        ...deps,
        pool: other.pool,
        calendar: createCalendarService({ pool: other.pool, config }),
      };
      const order = await createPlanOrder(half, { plan: 'pro', email: DEMO_OWNER_EMAIL });
      const { customerId } = await capturePlanOrder(half, order.orderId);
      await saveBusinessInfo(half, customerId, DEMO_BUSINESS_INFO);
      const demo = await ensureDemoBusiness(half);
      expect(demo).toMatchObject({ customerId, created: false });
      const state = await other.pool.one(sql.type(
        z.object({ steps: z.array(z.number()), live: z.boolean() }),
      )`
        SELECT o.completed_steps AS steps, c.receptionist_live AS live
        FROM onboarding_states o JOIN customers c ON c.id = o.customer_id WHERE c.id = ${customerId}`);
      expect(state).toEqual({ steps: [1, 2, 3, 4, 5, 6, 7], live: true });
    } finally {
      await other.drop();
    }
  });

  it('refuses to run in production', async () => {
    await expect(ensureDemoBusiness({ ...deps, config: { ...config, env: 'production' } })).rejects.toThrow(
      /development machines only/,
    );
  });
});
