import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { defineCli, intValue, parseCli } from './support/cli-args.ts';

/**
 * `npm run bench:jobs`: pushes BENCH_EMAILS notifications (default 2000) through the real outbox →
 * BullMQ → send job → nodemailer → local SMTP server pipeline, and prints emails/second and the
 * p50/p99 time from the outbox row's commit to the SMTP server's 250. Uses a throwaway database
 * (on DATABASE_URL's server, or local PostgreSQL) and its own Redis prefix; stops after 50 s.
 */
const CLI = defineCli({
  command: 'npm run bench:jobs --',
  summary:
    'Pushes emails through outbox → BullMQ → send job → nodemailer → a local SMTP server on a throwaway database and prints emails/s and commit → accepted latency.',
  options: {
    emails: { type: 'string', value: 'N', description: 'emails to send (default 2000; BENCH_EMAILS)' },
    rate: {
      type: 'string',
      value: 'N',
      description: 'steady offered load in emails/s instead of a burst (BENCH_RATE)',
    },
    concurrency: {
      type: 'string',
      value: 'N',
      description: 'worker concurrency (default 8; BENCH_CONCURRENCY)',
    },
    producers: {
      type: 'string',
      value: 'N',
      description: 'committing producers (default 8; BENCH_PRODUCERS)',
    },
  },
  env: [
    ['DATABASE_URL', 'PostgreSQL server for the throwaway database (default local 127.0.0.1:5432)'],
    ['REDIS_URL', 'Redis (default redis://127.0.0.1:6379)'],
  ],
});
const args = parseCli(CLI);
// Loaded after the arguments, so --help and usage errors answer at once.
const { default: pg } = await import('pg');
const { pino } = await import('pino');
const { loadConfig } = await import('../config/config.ts');
const { migrateUp } = await import('../db/migrate.ts');
const { queueNotification } = await import('../db/notifications.ts');
const { createDatabasePool } = await import('../db/pool.ts');
const { SmtpCatcher } = await import('../fixtures/smtp/smtp-catcher.ts');
const { createRedis } = await import('../jobs/connection.ts');
const { sendNotification } = await import('../jobs/definitions/notifications/send-notification.ts');
const { anyJob } = await import('../jobs/job-definition.ts');
const { createMailer } = await import('../jobs/notifications/email-sender.ts');
const { dispatchNotifications } = await import('../jobs/outbox.ts');
const { JobQueues } = await import('../jobs/queues.ts');
const { startWorkers } = await import('../jobs/worker.ts');
const env = process.env;
const TOTAL = intValue(CLI, '--emails', args.emails ?? env.BENCH_EMAILS, 2000, 1);
const PRODUCERS = intValue(CLI, '--producers', args.producers ?? env.BENCH_PRODUCERS, 8, 1);
const CONCURRENCY = intValue(CLI, '--concurrency', args.concurrency ?? env.BENCH_CONCURRENCY, 8, 1);
/** Optional steady offered load (emails/s); unset = as fast as the producers can commit. */
const RATE = intValue(CLI, '--rate', args.rate ?? env.BENCH_RATE, 0, 1) || null;
const LIMIT_MS = 50_000;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

async function main() {
  const serverUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const dbName = `ar_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;
  await migrateUp(dbUrl.toString());

  const smtp = await SmtpCatcher.start({ keep: 10 });
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl.toString(),
    SMTP_URL: smtp.url,
    QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}`,
    SESSION_SECRET: 'b'.repeat(40),
    ENCRYPTION_KEY: 'cd'.repeat(32),
  });
  const pool = await createDatabasePool(dbUrl.toString(), { maximumPoolSize: PRODUCERS + CONCURRENCY + 2 });
  const redis = createRedis(config.redisUrl);
  const queues = new JobQueues(redis, config.queuePrefix);
  const mailer = createMailer({ smtpUrl: smtp.url, from: config.email.from, pool: true });
  const workers = await startWorkers(
    { config, pool, logger: pino({ level: 'silent' }), queues, services: { mailer } },
    [anyJob(sendNotification)],
    { connection: redis, prefix: config.queuePrefix, concurrency: CONCURRENCY },
  );

  const committedAt = new Map<string, number>();
  const latencies: number[] = [];
  let lastAccepted = 0;
  const allAccepted = new Promise<void>((resolve) => {
    smtp.onMail((mail) => {
      const id = mail.headers['x-notification-id'];
      const committed = id ? committedAt.get(id) : undefined;
      if (committed === undefined) return;
      lastAccepted = performance.now();
      latencies.push(lastAccepted - committed);
      if (latencies.length === TOTAL) resolve();
    });
  });

  const started = performance.now();
  let next = 0;
  const producer = async () => {
    while (next < TOTAL && performance.now() - started < LIMIT_MS) {
      const i = next++;
      if (RATE) {
        const due = started + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const row = await pool.transaction((tx) =>
        queueNotification(tx, {
          customerId: null,
          channel: 'email',
          template: 'onboarding_step_completed',
          recipient: `bench${i}@example.test`,
          payload: { businessName: `Bench ${i}`, step: (i % 7) + 1, stepName: 'Benchmark' },
          idempotencyKey: `bench:${config.queuePrefix}:${i}`,
        }),
      );
      committedAt.set(row.id, performance.now());
      await dispatchNotifications(queues, [row.id]);
    }
  };
  await Promise.all(Array.from({ length: PRODUCERS }, producer));
  await Promise.race([
    allAccepted,
    new Promise((r) => setTimeout(r, Math.max(0, LIMIT_MS - (performance.now() - started)))),
  ]);

  const sorted = [...latencies].sort((a, b) => a - b);
  const seconds = (lastAccepted - started) / 1000;
  console.log(
    `bench:jobs — ${latencies.length}/${committedAt.size} emails accepted by the local SMTP server`,
  );
  console.log(
    `  producers ${PRODUCERS}${RATE ? ` at ${RATE}/s` : ' (burst)'}, worker concurrency ${CONCURRENCY}, pooled SMTP (5 connections)`,
  );
  console.log(
    `  throughput: ${(latencies.length / seconds).toFixed(1)} emails/s over ${seconds.toFixed(2)} s`,
  );
  console.log(
    `  commit → accepted by SMTP: p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms`,
  );

  await workers.close();
  mailer.close();
  await queues.queue('notifications').obliterate({ force: true });
  await queues.close();
  await redis.quit();
  await pool.end();
  await smtp.close();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
