import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { type OutboundServices, startOutboundServices } from '../../api/outbound-services.ts';
import { createMetricsRegistry } from '../../api/plugins/external/metrics.ts';
import type { Config } from '../../config/config.ts';
import { createRedis } from '../../jobs/connection.ts';
import { sendNotification } from '../../jobs/definitions/notifications/send-notification.ts';
import { anyJob } from '../../jobs/job-definition.ts';
import { JobQueues } from '../../jobs/queues.ts';
import { startWorkers, type WorkerPool } from '../../jobs/worker.ts';
import { deletePrefix } from '../helpers/test-app.ts';
import { TEST_ADMIN_TOKEN, testConfig } from '../helpers/test-config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

/** The offline purchase path `npm start` gives a new user: PayPal emulator + local mail catcher. */
let db: TestDatabase;
let config: Config;
let redis: ReturnType<typeof createRedis>;
let queues: JobQueues;
let outbound: OutboundServices;
let workers: WorkerPool;
let app: Awaited<ReturnType<typeof buildApp>>;
const logLines: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  config = testConfig(db.url, { NODE_ENV: 'development' });
  redis = createRedis(config.redisUrl);
  queues = new JobQueues(redis, config.queuePrefix);
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
  outbound = await startOutboundServices(config, logger);
  workers = await startWorkers(
    { config, pool: db.pool, logger, queues, services: outbound.jobServices },
    [anyJob(sendNotification)],
    { connection: redis, prefix: config.queuePrefix },
  );
  app = await buildApp({
    config,
    logger: pino({ level: 'silent' }),
    pool: db.pool,
    redis,
    queues,
    metrics: createMetricsRegistry(false),
    paypal: outbound.paypal,
    mailCatcher: outbound.mailCatcher,
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await workers.close();
  await outbound.close();
  await queues.close();
  await deletePrefix(redis, config.queuePrefix);
  await redis.quit();
  await db.drop();
});

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe('development purchase through the PayPal emulator', () => {
  it('logs that the emulator and the mail catcher stand in for PayPal and SMTP', () => {
    expect(logLines.some((l) => l.includes('PayPal: emulator at http://127.0.0.1:'))).toBe(true);
    expect(logLines.some((l) => l.includes('local mail catcher at smtp://127.0.0.1:'))).toBe(true);
  });

  it('buys a plan, approves in the browser page, lands on onboarding and shows the welcome email', async () => {
    const cfg = await app.inject({ method: 'GET', url: '/api/paypal/config' });
    expect(cfg.json()).toEqual({ mode: 'emulator', clientId: null, currency: 'USD' });

    const created = await app.inject({
      method: 'POST',
      url: '/api/paypal/create-order',
      payload: { plan: 'starter', email: 'newuser@example.test', businessName: 'Fresh Start Physio' },
    });
    expect(created.statusCode).toBe(201);
    const { orderId, approveUrl } = created.json<{ orderId: string; approveUrl: string }>();

    // The browser step: the emulator's approve page, then its approve button.
    const page = await fetch(approveUrl);
    expect(await page.text()).toMatch(/Approve payment/);
    const approved = await fetch(new URL(`/checkoutnow/${orderId}/approve`, approveUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'return=http%3A%2F%2Freceptionist.test%2Fcheckout%2Freturn',
      redirect: 'manual',
    });
    expect(approved.headers.get('location')).toBe(
      `http://receptionist.test/checkout/return?token=${orderId}&PayerID=EMULATORPAYER`,
    );

    const captured = await app.inject({
      method: 'POST',
      url: '/api/paypal/capture-order',
      payload: { orderId },
    });
    expect(captured.statusCode).toBe(200);
    const { portalUrl } = captured.json<{ portalUrl: string }>();
    const url = new URL(portalUrl);
    const signIn = await app.inject({ method: 'GET', url: url.pathname + url.search });
    expect(signIn.headers.location).toBe('/onboarding');

    let messages: { to: string; subject: string; text: string }[] = [];
    for (let i = 0; i < 400 && messages.length === 0; i++) {
      messages = (await app.inject({ method: 'GET', url: '/admin/mail.json', headers: admin })).json()
        .messages;
      if (messages.length === 0) await new Promise((r) => setTimeout(r, 25));
    }
    expect(messages).toHaveLength(1);
    expect(messages[0]?.to).toContain('newuser@example.test');
    expect(messages[0]?.subject).toMatch(/Welcome/);
    expect(messages[0]?.text).toMatch(/\/api\/auth\/callback\?token=.+next=%2Fonboarding/);

    const html = await app.inject({ method: 'GET', url: '/admin/mail', headers: admin });
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toMatch(/Welcome to AI Receptionist/);
    // Open without the token only to this machine in development (tests/api/dev-sign-in.test.ts).
    const fromElsewhere = await app.inject({
      method: 'GET',
      url: '/admin/mail',
      remoteAddress: '203.0.113.5',
    });
    expect(fromElsewhere.statusCode).toBe(401);
  });

  it('lets a developer try a declined card from the approve page', async () => {
    const { orderId, approveUrl } = (
      await app.inject({
        method: 'POST',
        url: '/api/paypal/create-order',
        payload: { plan: 'pro', email: 'declined@example.test' },
      })
    ).json<{ orderId: string; approveUrl: string }>();
    await fetch(new URL(`/checkoutnow/${orderId}/decline`, approveUrl), { method: 'POST' });
    const res = await app.inject({ method: 'POST', url: '/api/paypal/capture-order', payload: { orderId } });
    expect(res.statusCode).toBe(402);
    expect(res.json().error.details.retryable).toBe(true);
  });
});
