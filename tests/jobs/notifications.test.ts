import { pino } from 'pino';
import { sql } from 'slonik';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Config } from '../../config/config.ts';
import { findNotification, queueNotification } from '../../db/notifications.ts';
import { findTicketBySource } from '../../db/support-tickets.ts';
import { FakeServer } from '../../fixtures/fake-server/fake-server.ts';
import { SmtpCatcher } from '../../fixtures/smtp/smtp-catcher.ts';
import { type FakeSms, registerTwilioMessages } from '../../fixtures/twilio/rest-messages.ts';
import { createRedis } from '../../jobs/connection.ts';
import { messageIdFor } from '../../jobs/definitions/notifications/send-notification.handler.ts';
import { sendNotification } from '../../jobs/definitions/notifications/send-notification.ts';
import { sweepOutbox } from '../../jobs/definitions/notifications/sweep-outbox.ts';
import type { JobContext } from '../../jobs/job-context.ts';
import { anyJob } from '../../jobs/job-definition.ts';
import { createMailer } from '../../jobs/notifications/email-sender.ts';
import { createSmsSender } from '../../jobs/notifications/sms-sender.ts';
import { dispatchNotifications } from '../../jobs/outbox.ts';
import { JobQueues } from '../../jobs/queues.ts';
import { startWorkers, type WorkerPool } from '../../jobs/worker.ts';
import { deletePrefix } from '../helpers/test-app.ts';
import { testConfig } from '../helpers/test-config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

const SUPPORT = 'support@receptionist.test';
const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
let db: TestDatabase;
let config: Config;
let redis: ReturnType<typeof createRedis>;
let queues: JobQueues;
let workers: WorkerPool;
let smtp: SmtpCatcher;
let twilio: FakeServer;
let sms: FakeSms[];
const logs: Record<string, unknown>[] = [];

beforeAll(async () => {
  smtp = await SmtpCatcher.start();
  twilio = await FakeServer.start('twilio');
  sms = registerTwilioMessages(twilio, { authToken: 'tw-token' });
  db = await createTestDatabase();
  config = testConfig(db.url, {
    SMTP_URL: smtp.url,
    SUPPORT_EMAIL: SUPPORT,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: 'tw-token',
    TWILIO_API_BASE: twilio.url,
  });
  redis = createRedis(config.redisUrl);
  queues = new JobQueues(redis, config.queuePrefix);
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const context: JobContext = {
    config,
    pool: db.pool,
    logger,
    queues,
    // A short SMTP timeout so a server that stops answering fails the attempt quickly.
    services: {
      mailer: createMailer({ smtpUrl: smtp.url, from: config.email.from, timeoutMs: 1000 }),
      sms: createSmsSender(config),
    },
  };
  workers = await startWorkers(context, [anyJob(sendNotification), anyJob(sweepOutbox)], {
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
  await smtp.close();
  await twilio.close();
});
beforeEach(() => {
  logs.length = 0;
});

let seq = 0;
async function newCustomer() {
  seq += 1;
  return db.pool.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO customers (email, business_name, subscription_plan, status)
    VALUES (${`owner${seq}@example.test`}, ${`Clinic ${seq}`}, 'pro', 'active') RETURNING id`);
}

/** The event and its outbox row commit together (as onboarding's step completion does). */
async function stepCompleted(customerId: string) {
  return db.pool.transaction(async (tx) => {
    await tx.query(sql.unsafe`
      UPDATE onboarding_states SET current_step = 2, progress = 14, completed_steps = '{1}'
      WHERE customer_id = ${customerId}`);
    return queueNotification(tx, {
      customerId,
      channel: 'email',
      template: 'onboarding_step_completed',
      recipient: `owner-${customerId}@example.test`,
      payload: { businessName: 'Clinic', step: 1, stepName: 'Business information', progress: 14 },
      idempotencyKey: `step-completed:${customerId}:1`,
    });
  });
}

/** Same job id and attempts as dispatchNotifications, with a test-sized backoff. */
const dispatchQuick = (id: string) =>
  queues
    .queue('notifications')
    .add(
      sendNotification.name,
      { v: 1, data: { notificationId: id } },
      { jobId: `notification-${id}`, attempts: 4, backoff: { type: 'exponential', delay: 50 } },
    );

async function until<T>(
  probe: () => Promise<T | null | undefined | false>,
  what: string,
  limitMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const attemptsFor = (id: string) =>
  smtp.attempts.filter((a) => a.messageId === messageIdFor(id)).map((a) => a.behaviour);
const acceptedFor = (id: string) => smtp.find((m) => m.messageId === messageIdFor(id));

describe('Property 5: step-completion notifications are delivered or escalated', () => {
  it('is on the queue as soon as the step commits, with 4 attempts and backoff', async () => {
    const customerId = await newCustomer();
    const row = await stepCompleted(customerId);
    await dispatchNotifications(queues, [row.id]);
    const job = await queues.queue('notifications').getJob(`notification-${row.id}`);
    expect(job?.opts).toMatchObject({ attempts: 4, backoff: { type: 'exponential' } });
    await until(async () => (await findNotification(db.pool, row.id))?.status === 'sent', 'the email');
  });

  it('survives a refusal, a timeout and another refusal, then is accepted exactly once', async () => {
    smtp.script({ kind: 'refuse', code: 451 }, { kind: 'timeout' }, { kind: 'refuse', code: 421 });
    const customerId = await newCustomer();
    const row = await stepCompleted(customerId);
    await dispatchQuick(row.id);
    const sent = await until(async () => {
      const r = await findNotification(db.pool, row.id);
      return r?.status === 'sent' ? r : null;
    }, 'delivery after retries');
    expect(attemptsFor(row.id)).toEqual(['refuse', 'timeout', 'refuse', 'accept']);
    expect(sent.attempts).toBe(4);
    expect(acceptedFor(row.id)).toHaveLength(1);
    const mail = acceptedFor(row.id)[0]!;
    expect(mail.subject).toMatch(/step 1/i);
    expect(mail.text).toMatch(/Business information/);
    expect(mail.html).toMatch(/<h1/);
    expect(await findTicketBySource(db.pool, `notification:${row.id}`)).toBeNull();
  });

  it('after the last failure: marked failed, logged, ticket opened and support emailed', async () => {
    smtp.script(
      { kind: 'refuse', code: 451 },
      { kind: 'timeout' },
      { kind: 'refuse', code: 451 },
      { kind: 'refuse', code: 452 },
    );
    const customerId = await newCustomer();
    const row = await stepCompleted(customerId);
    await dispatchQuick(row.id);
    const escalation = await smtp.waitFor((m) => m.envelope.to.includes(SUPPORT) && m.text.includes(row.id));
    expect(attemptsFor(row.id)).toEqual(['refuse', 'timeout', 'refuse', 'refuse']);
    const failed = await findNotification(db.pool, row.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 4 });
    expect(failed?.last_error).toMatch(/452/);
    const ticket = await findTicketBySource(db.pool, `notification:${row.id}`);
    expect(ticket).toMatchObject({ customer_id: customerId, origin: 'system', status: 'open' });
    expect(escalation.subject).toMatch(/onboarding_step_completed/);
    const logged = logs.find((l) => l.notificationId === row.id && l.level === 50);
    expect(logged).toMatchObject({
      template: 'onboarding_step_completed',
      msg: 'notification failed after its last attempt',
    });
    const deadLetters = await db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
      SELECT count(*)::int AS n FROM job_failures WHERE job_id = ${`notification-${row.id}`}`);
    expect(deadLetters).toBe(1);
  });

  it('does not retry a permanent refusal (550): fails at once and escalates', async () => {
    smtp.script({ kind: 'refuse', code: 550, message: 'mailbox unavailable' });
    const customerId = await newCustomer();
    const row = await stepCompleted(customerId);
    await dispatchQuick(row.id);
    await smtp.waitFor((m) => m.envelope.to.includes(SUPPORT) && m.text.includes(row.id));
    expect(attemptsFor(row.id)).toEqual(['refuse']);
    expect(await findNotification(db.pool, row.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });
});

describe('outbox', () => {
  it('sends a row committed without an enqueue (crash between commit and enqueue) via the sweeper, once', async () => {
    const customerId = await newCustomer();
    const row = await stepCompleted(customerId);
    // The process "died" before dispatch; the row has waited longer than the sweeper's threshold.
    await db.pool.query(
      sql.unsafe`UPDATE notifications SET created_at = now() - interval '1 minute' WHERE id = ${row.id}`,
    );
    expect(await queues.queue('notifications').getJob(`notification-${row.id}`)).toBeUndefined();
    await queues.enqueue(sweepOutbox, {});
    await queues.enqueue(sweepOutbox, {});
    await until(async () => (await findNotification(db.pool, row.id))?.status === 'sent', 'the swept email');
    await queues.enqueue(sweepOutbox, {});
    await until(
      async () => (await queues.queue('notifications').getWaitingCount()) === 0,
      'the queue to drain',
    );
    expect(acceptedFor(row.id)).toHaveLength(1);
  });

  it('never sends a row twice once the provider accepted it (a re-run job is a no-op)', async () => {
    const customerId = await newCustomer();
    const row = await stepCompleted(customerId);
    await dispatchQuick(row.id);
    const sent = await until(async () => {
      const r = await findNotification(db.pool, row.id);
      return r?.status === 'sent' ? r : null;
    }, 'first delivery');
    expect(sent.provider_message_id).toContain(messageIdFor(row.id));
    const rerun = await queues
      .queue('notifications')
      .add(sendNotification.name, { v: 1, data: { notificationId: row.id } });
    await until(async () => (await rerun.getState()) === 'completed', 'the re-run');
    expect(acceptedFor(row.id)).toHaveLength(1);
  });
});

describe('SMS through the Twilio Messages API', () => {
  it('sends a new-appointment alert to the owner and records the message SID', async () => {
    const customerId = await newCustomer();
    const row = await queueNotification(db.pool, {
      customerId,
      channel: 'sms',
      template: 'new_appointment',
      recipient: '+15551230000',
      payload: {
        from: '+15557650000',
        callerName: 'Dana',
        service: 'Cleaning',
        startsAt: '2026-12-01T15:00:00Z',
        timeZone: 'America/New_York',
      },
      idempotencyKey: `appt-sms:${customerId}`,
    });
    await dispatchQuick(row.id);
    const sent = await until(async () => {
      const r = await findNotification(db.pool, row.id);
      return r?.status === 'sent' ? r : null;
    }, 'the SMS');
    const message = sms.find((m) => m.sid === sent.provider_message_id);
    expect(message).toMatchObject({ accountSid: ACCOUNT_SID, to: '+15551230000', from: '+15557650000' });
    expect(message?.body).toMatch(/New appointment: Dana/);
    expect(message?.body).toMatch(/10:00/);
  });

  it("sends from the business's own receptionist number when the producer gave none", async () => {
    const customerId = await newCustomer();
    await db.pool.query(sql.unsafe`
      INSERT INTO phone_numbers (customer_id, e164, status, sms_enabled)
      VALUES (${customerId}, '+15557651234', 'active', true)`);
    const row = await queueNotification(db.pool, {
      customerId,
      channel: 'sms',
      template: 'message_taken',
      recipient: '+15551230001',
      payload: { callerName: 'Kim', message: 'Please call back about the invoice' },
      idempotencyKey: `msg-from:${customerId}`,
    });
    await dispatchQuick(row.id);
    const sent = await until(async () => {
      const r = await findNotification(db.pool, row.id);
      return r?.status === 'sent' ? r : null;
    }, 'the SMS');
    expect(sms.find((m) => m.sid === sent.provider_message_id)).toMatchObject({
      to: '+15551230001',
      from: '+15557651234',
    });
  });

  it('fails a message to an invalid number at once (Twilio 21211) and escalates it', async () => {
    const customerId = await newCustomer();
    const row = await queueNotification(db.pool, {
      customerId,
      channel: 'sms',
      template: 'message_taken',
      recipient: '+1',
      payload: { from: '+15557650000', callerName: 'Lee', message: 'Please call back' },
      idempotencyKey: `msg-sms:${customerId}`,
    });
    await dispatchQuick(row.id);
    await smtp.waitFor((m) => m.envelope.to.includes(SUPPORT) && m.text.includes(row.id));
    const failed = await findNotification(db.pool, row.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed?.last_error).toMatch(/400/);
  });
});
