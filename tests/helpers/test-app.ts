import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { buildApp } from '../../api/app.ts';
import { SESSION_COOKIE } from '../../api/plugins/app/access.ts';
import { createMetricsRegistry } from '../../api/plugins/external/metrics.ts';
import type { Config } from '../../config/config.ts';
import { type CustomerRow, createCustomer, type NewCustomer } from '../../db/customers.ts';
import { createSession } from '../../db/sessions.ts';
import { createRedis } from '../../jobs/connection.ts';
import { JobQueues } from '../../jobs/queues.ts';
import { testConfig } from './test-config.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  db: TestDatabase;
  redis: Redis;
  queues: JobQueues;
  /** Creates a customer (with onboarding state) directly in the database. */
  createCustomer(overrides?: Partial<NewCustomer>): Promise<CustomerRow>;
  /** A Cookie header value signing in as the customer. */
  sessionCookie(customerId: string): Promise<string>;
  close(): Promise<void>;
}

let customerCounter = 0;

/** Deletes every key under a queue/rate-limit prefix so a test file leaves Redis as it found it. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** The whole HTTP app, in-process, over its own database and Redis prefix. */
export async function buildTestApp(
  options: { env?: Record<string, string | undefined>; customize?: (config: Config) => void } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig(db.url, options.env);
  options.customize?.(config);
  const redis = createRedis(config.redisUrl);
  const queues = new JobQueues(redis, config.queuePrefix);
  const app = await buildApp({
    config,
    logger: pino({ level: 'silent' }),
    pool: db.pool,
    redis,
    queues,
    metrics: createMetricsRegistry(false),
  });
  await app.ready();
  return {
    app,
    config,
    db,
    redis,
    queues,
    createCustomer: async (overrides = {}) => {
      customerCounter += 1;
      return createCustomer(db.pool, {
        email: `owner${customerCounter}-${Date.now()}@example.test`,
        businessName: `Business ${customerCounter}`,
        plan: 'pro',
        status: 'active',
        ...overrides,
      });
    },
    sessionCookie: async (customerId) => {
      const session = await createSession(db.pool, customerId);
      return `${SESSION_COOKIE}=${app.signCookie(session.token)}`;
    },
    close: async () => {
      await app.close();
      await queues.close();
      await deletePrefix(redis, config.queuePrefix);
      await redis.quit();
      await db.drop();
    },
  };
}
