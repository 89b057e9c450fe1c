import { UnrecoverableError } from 'bullmq';
import { pino } from 'pino';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Config } from '../../config/config.ts';
import { createRedis } from '../../jobs/connection.ts';
import type { JobContext } from '../../jobs/job-context.ts';
import { anyJob, defineJob } from '../../jobs/job-definition.ts';
import { JobQueues } from '../../jobs/queues.ts';
import { startWorkers, type WorkerPool } from '../../jobs/worker.ts';
import { deletePrefix } from '../helpers/test-app.ts';
import { testConfig } from '../helpers/test-config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

let db: TestDatabase;
let config: Config;
let redis: ReturnType<typeof createRedis>;
let queues: JobQueues;
let workers: WorkerPool;
const attemptsSeen = new Map<string, number>();

const echo = defineJob({
  name: 'test.echo',
  queue: 'maintenance',
  version: 1,
  payload: z.object({ word: z.string() }),
  handler: async () => async (payload) => ({ echoed: payload.word }),
});

const flaky = defineJob({
  name: 'test.flaky',
  queue: 'maintenance',
  version: 1,
  payload: z.object({ key: z.string(), failTimes: z.number() }),
  options: { attempts: 3, backoff: { type: 'exponential', delay: 20 } },
  handler: async () => async (payload, _context, meta) => {
    attemptsSeen.set(payload.key, meta.attempt);
    if (meta.attempt <= payload.failTimes) throw new Error(`boom ${meta.attempt}`);
    return { succeededOn: meta.attempt };
  },
});

const picky = defineJob({
  name: 'test.picky',
  queue: 'maintenance',
  version: 1,
  payload: z.object({ n: z.number() }),
  handler: async () => async () => {
    throw new UnrecoverableError('will never work');
  },
});

beforeAll(async () => {
  db = await createTestDatabase();
  config = testConfig(db.url);
  redis = createRedis(config.redisUrl);
  queues = new JobQueues(redis, config.queuePrefix);
  const context: JobContext = {
    config,
    pool: db.pool,
    logger: pino({ level: 'silent' }),
    queues,
    services: {},
  };
  workers = await startWorkers(context, [anyJob(echo), anyJob(flaky), anyJob(picky)], {
    connection: redis,
    prefix: config.queuePrefix,
  });
});
afterAll(async () => {
  await workers.close();
  await queues.close();
  await deletePrefix(redis, config.queuePrefix);
  await redis.quit();
  await db.drop();
});

async function waitForState(jobId: string, states: string[]) {
  const queue = queues.queue('maintenance');
  for (let i = 0; i < 200; i++) {
    const state = await queue.getJobState(jobId);
    // Re-read after the state check: a job object fetched earlier lacks the result.
    if (states.includes(state)) return (await queue.getJob(jobId))!;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${jobId} never reached ${states.join('/')}`);
}

const failures = () =>
  db.pool.any(sql.type(z.object({ job_name: z.string(), attempts: z.number(), error: z.string() }))`
    SELECT job_name, attempts, error FROM job_failures ORDER BY failed_at`);

describe('BullMQ jobs', () => {
  it('runs a job and keeps its result', async () => {
    const id = await queues.enqueue(echo, { word: 'hello' });
    const job = await waitForState(id, ['completed']);
    expect(job.returnvalue).toEqual({ echoed: 'hello' });
  });

  it('refuses a bad payload before it reaches Redis', async () => {
    await expect(queues.enqueue(echo, { word: 42 } as never)).rejects.toThrow();
  });

  it('retries with backoff and succeeds within the attempt budget', async () => {
    const id = await queues.enqueue(flaky, { key: 'a', failTimes: 2 });
    const job = await waitForState(id, ['completed']);
    expect(job.returnvalue).toEqual({ succeededOn: 3 });
    expect(attemptsSeen.get('a')).toBe(3);
  });

  it('records a dead letter after the last attempt', async () => {
    const id = await queues.enqueue(flaky, { key: 'b', failTimes: 99 });
    await waitForState(id, ['failed']);
    expect(attemptsSeen.get('b')).toBe(3);
    expect(await failures()).toContainEqual({ job_name: 'test.flaky', attempts: 3, error: 'boom 3' });
  });

  it('does not retry an unrecoverable failure', async () => {
    const id = await queues.enqueue(picky, { n: 1 });
    const job = await waitForState(id, ['failed']);
    expect(job.attemptsMade).toBe(1);
    expect(await failures()).toContainEqual({
      job_name: 'test.picky',
      attempts: 1,
      error: 'will never work',
    });
  });
});
