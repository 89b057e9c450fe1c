import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { createMetricsRegistry } from '../../api/plugins/external/metrics.ts';
import { createCustomer } from '../../db/customers.ts';
import { createRedis } from '../../jobs/connection.ts';
import { JobQueues } from '../../jobs/queues.ts';
import { deletePrefix } from '../helpers/test-app.ts';
import { TEST_ADMIN_TOKEN, testConfig } from '../helpers/test-config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

/**
 * Development sign-in without the mail catcher dance: the login link is printed to the log, and the
 * mail catcher is open to this machine without ADMIN_TOKEN. Neither happens outside development.
 */
describe.each([
  ['development', true],
  ['production', false],
  ['test', false],
] as const)('NODE_ENV=%s', (nodeEnv, open) => {
  let db: TestDatabase;
  let redis: Redis;
  let queues: JobQueues;
  let app: FastifyInstance;
  const logLines: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 4 });
    const config = testConfig(db.url, { PUBLIC_URL: 'http://localhost:3999' });
    // Production-only checks are not what this file is about: set the mode after loading.
    config.env = nodeEnv;
    redis = createRedis(config.redisUrl);
    queues = new JobQueues(redis, config.queuePrefix);
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    app = await buildApp({
      config,
      logger: pino({ level: 'info' }, sink),
      pool: db.pool,
      redis,
      queues,
      metrics: createMetricsRegistry(false),
      mailCatcher: { url: 'smtp://127.0.0.1:2525', list: () => [] },
    });
    await app.ready();
    afterAll(async () => {
      await app.close();
      await deletePrefix(redis, config.queuePrefix);
      await queues.close();
      await redis.quit();
      await db.drop();
    });
  });

  const local = { host: 'localhost:3999' };

  it(`${open ? 'opens' : 'keeps closed'} the mail catcher for a request from this machine without ADMIN_TOKEN`, async () => {
    for (const url of ['/admin/mail', '/admin/mail.json']) {
      const response = await app.inject({ method: 'GET', url, headers: local });
      expect(response.statusCode, url).toBe(open ? 200 : 401);
    }
    const withToken = await app.inject({
      method: 'GET',
      url: '/admin/mail.json',
      headers: { ...local, authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(withToken.statusCode).toBe(200);
  });

  it('never opens it to another machine, a proxied request, a foreign Host or another admin route', async () => {
    const attempts = [
      { remoteAddress: '10.0.0.7', headers: local },
      { headers: { ...local, 'x-forwarded-for': '203.0.113.9' } },
      { headers: { ...local, forwarded: 'for=203.0.113.9' } },
      // DNS rebinding: a web page's request that resolved to 127.0.0.1 still names its own host.
      { headers: { host: 'attacker.example:3999' } },
    ];
    for (const attempt of attempts) {
      const response = await app.inject({ method: 'GET', url: '/admin/mail.json', ...attempt });
      expect(response.statusCode, JSON.stringify(attempt)).toBe(401);
    }
    const queues = await app.inject({ method: 'GET', url: '/admin/queues', headers: local });
    expect(queues.statusCode).toBe(401);
  });

  it(`${open ? 'prints' : 'does not print'} the login link to the log, and the printed link signs in`, async () => {
    const customer = await createCustomer(db.pool, {
      email: `dev-${nodeEnv}@example.test`,
      businessName: `Console Dental ${nodeEnv}`,
      plan: 'pro',
      status: 'active',
    });
    const before = logLines.length;
    const asked = await app.inject({
      method: 'POST',
      url: '/api/auth/login-link',
      payload: { email: customer.email, next: '/app/calls' },
    });
    expect(asked.statusCode).toBe(202);
    const printed = logLines
      .slice(before)
      .map((line) => (JSON.parse(line) as { msg: string }).msg)
      .filter((msg) => msg.includes('sign-in link'));
    if (!open) {
      expect(printed).toEqual([]);
      return;
    }
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(`Console Dental ${nodeEnv}`);
    const link = new URL(/(http\S+)/.exec(printed[0]!)![1]!);
    expect(link.origin).toBe('http://localhost:3999');
    const signIn = await app.inject({ method: 'GET', url: link.pathname + link.search });
    expect(signIn.statusCode).toBe(302);
    expect(signIn.headers.location).toBe('/app/calls');
    expect(String(signIn.headers['set-cookie'])).toMatch(/ar_session=/);
  });
});
