import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type Job, Worker } from 'bullmq';
import { pino } from 'pino';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Config } from '../../config/config.ts';
import { findNotification, queueNotification } from '../../db/notifications.ts';
import { SmtpCatcher } from '../../fixtures/smtp/smtp-catcher.ts';
import { createRedis } from '../../jobs/connection.ts';
import { handle, messageIdFor } from '../../jobs/definitions/notifications/send-notification.handler.ts';
import { sendNotification } from '../../jobs/definitions/notifications/send-notification.ts';
import type { JobContext } from '../../jobs/job-context.ts';
import { createMailer } from '../../jobs/notifications/email-sender.ts';
import { JobQueues } from '../../jobs/queues.ts';
import { deletePrefix } from '../helpers/test-app.ts';
import { testConfig } from '../helpers/test-config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

const here = (path: string) => new URL(path, import.meta.url).href;

/**
 * A separate worker process running the real send handler under BullMQ with a 1 s lock, so a
 * SIGKILL leaves a stalled job that another worker recovers within about a second.
 */
const CHILD = `
import { Worker } from 'bullmq';
import { pino } from 'pino';
import { createDatabasePool } from '${here('../../db/pool.ts')}';
import { createRedis } from '${here('../../jobs/connection.ts')}';
import { handle } from '${here('../../jobs/definitions/notifications/send-notification.handler.ts')}';
import { createMailer } from '${here('../../jobs/notifications/email-sender.ts')}';
const env = JSON.parse(process.env.CRASH_TEST);
const pool = await createDatabasePool(env.databaseUrl);
const connection = createRedis(env.redisUrl);
const context = { config: env.config, pool, logger: pino({ level: 'silent' }), queues: null,
  services: { mailer: createMailer({ smtpUrl: env.smtpUrl, from: 'test@receptionist.test', timeoutMs: 60000 }) } };
const worker = new Worker('notifications', (job) => handle(job.data.data, context,
  { jobId: job.id, attempt: job.attemptsMade + 1, maxAttempts: 4, progress: async () => {} }),
  { connection, prefix: env.prefix, lockDuration: 1000, stalledInterval: 500 });
await worker.waitUntilReady();
process.stdout.write('ready\\n');
`;

let db: TestDatabase;
let config: Config;
let redis: ReturnType<typeof createRedis>;
let queues: JobQueues;
let smtp: SmtpCatcher;
let child: ChildProcess | null = null;
let survivor: Worker | null = null;

beforeAll(async () => {
  smtp = await SmtpCatcher.start();
  db = await createTestDatabase();
  config = testConfig(db.url, { SMTP_URL: smtp.url });
  redis = createRedis(config.redisUrl);
  queues = new JobQueues(redis, config.queuePrefix);
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await survivor?.close();
  await queues.close();
  await deletePrefix(redis, config.queuePrefix);
  await redis.quit();
  await db.drop();
  await smtp.close();
});

describe('a worker killed mid-send', () => {
  it('neither loses nor duplicates the email: another worker sends it exactly once', async () => {
    const customerId = await db.pool.oneFirst(sql.type(z.object({ id: z.uuid() }))`
      INSERT INTO customers (email, business_name, subscription_plan, status)
      VALUES ('crash@example.test', 'Crash Clinic', 'starter', 'active') RETURNING id`);
    const row = await queueNotification(db.pool, {
      customerId,
      channel: 'email',
      template: 'go_live',
      recipient: 'crash@example.test',
      payload: { businessName: 'Crash Clinic', phoneNumber: '+15550001111' },
      idempotencyKey: `go-live:${customerId}`,
    });
    // The first delivery attempt hangs inside SMTP DATA (no answer), like a slow provider.
    smtp.script({ kind: 'timeout' });
    const held = smtp.nextHeld();

    child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
      env: {
        ...process.env,
        CRASH_TEST: JSON.stringify({
          databaseUrl: db.url,
          redisUrl: config.redisUrl,
          prefix: config.queuePrefix,
          smtpUrl: smtp.url,
          config: { email: config.email },
        }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await once(child.stdout!, 'data');
    await queues
      .queue('notifications')
      .add(
        sendNotification.name,
        { v: 1, data: { notificationId: row.id } },
        { jobId: `notification-${row.id}`, attempts: 4, backoff: { type: 'fixed', delay: 50 } },
      );
    await held;
    child.kill('SIGKILL');
    await once(child, 'exit');
    child = null;
    expect((await findNotification(db.pool, row.id))?.status).toBe('pending');

    const context = {
      config,
      pool: db.pool,
      logger: pino({ level: 'silent' }),
      queues,
      services: { mailer: createMailer({ smtpUrl: smtp.url, from: config.email.from, timeoutMs: 5000 }) },
    } satisfies JobContext;
    const done = new Promise<Job>((resolve) => {
      survivor = new Worker(
        'notifications',
        (job) =>
          handle(job.data.data, context, {
            jobId: job.id ?? '',
            attempt: job.attemptsMade + 1,
            maxAttempts: 4,
            progress: async () => {},
          }),
        { connection: redis, prefix: config.queuePrefix, lockDuration: 1000, stalledInterval: 300 },
      );
      survivor.on('completed', resolve);
    });
    const job = await done;
    expect(job.id).toBe(`notification-${row.id}`);

    const sent = await findNotification(db.pool, row.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    const accepted = smtp.find((m) => m.messageId === messageIdFor(row.id));
    expect(accepted).toHaveLength(1);
    expect(accepted[0]?.subject).toMatch(/live/);
    expect(smtp.attempts.filter((a) => a.messageId === messageIdFor(row.id)).map((a) => a.behaviour)).toEqual(
      ['timeout', 'accept'],
    );
  });
});
