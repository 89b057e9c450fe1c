import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCustomer } from '../../../db/customers.ts';
import { ownerMessages } from '../../../domain/notifications/owner-messages.ts';
import { createRedis } from '../../../jobs/connection.ts';
import { JobQueues } from '../../../jobs/queues.ts';
import { bookAppointment } from '../../../voice/agent/tools/book-appointment.ts';
import { checkAvailability } from '../../../voice/agent/tools/check-availability.ts';
import { TOOL_SPECS, TOOLS } from '../../../voice/agent/tools/manifest.ts';
import type { ToolContext } from '../../../voice/agent/tools/tool.ts';
import { FakeCalendar } from '../../../voice/testing/fake-calendar.ts';
import { deletePrefix } from '../../helpers/test-app.ts';
import { testConfig } from '../../helpers/test-config.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';
import { NOW, testProfile } from '../session/voice-test-app.ts';

let db: TestDatabase;
let queues: JobQueues;
let redis: ReturnType<typeof createRedis>;
let prefix: string;
beforeAll(async () => {
  db = await createTestDatabase();
  const config = testConfig(db.url);
  prefix = config.queuePrefix;
  redis = createRedis(config.redisUrl);
  queues = new JobQueues(redis, prefix);
});
afterAll(async () => {
  await queues.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
  await db.drop();
});

function context(
  customerId: string,
  calendar = new FakeCalendar({ timeZone: 'America/New_York' }),
): ToolContext {
  return {
    business: testProfile(customerId),
    callId: '00000000-0000-4000-8000-0000000000aa',
    callerPhone: '+15557654321',
    calendar,
    messages: ownerMessages({ pool: db.pool, queues }),
    now: NOW,
  };
}

describe('agent tools', () => {
  it('every tool is in the manifest with a JSON-schema spec; slow ones have a spoken filler', () => {
    expect([...TOOLS.keys()]).toEqual([
      'check_availability',
      'book_appointment',
      'take_message',
      'transfer_to_human',
      'end_call',
    ]);
    for (const spec of TOOL_SPECS) expect(spec.parameters).toMatchObject({ type: 'object' });
    expect(TOOLS.get('check_availability')?.filler).toBeTruthy();
    expect(TOOLS.get('book_appointment')?.filler).toBeTruthy();
  });

  it('offers only the part of the day the caller asked for', async () => {
    const ctx = context('00000000-0000-4000-8000-000000000002');
    const afternoon = await checkAvailability.run({ date: '2026-11-25', partOfDay: 'afternoon' }, ctx);
    expect(afternoon.result.requestedTimeFree).toBeNull();
    const slots = afternoon.result.slots as string[];
    expect(slots[0]).toBe('Wednesday, November 25 at 12:00 PM');
    expect(slots.every((s) => / (12|1|2|3|4):\d\d PM$/.test(s))).toBe(true);
    const morning = await checkAvailability.run({ date: '2026-11-25', partOfDay: 'morning' }, ctx);
    expect((morning.result.slots as string[]).every((s) => s.endsWith(' AM'))).toBe(true);
  });

  it('books in the business time zone, and a taken slot answers with alternatives', async () => {
    const ctx = context('00000000-0000-4000-8000-000000000001');
    const free = await checkAvailability.run({ date: '2026-11-25', time: '10:00' }, ctx);
    expect(free.result).toMatchObject({ requestedTimeFree: true });
    const booked = await bookAppointment.run({ date: '2026-11-25', time: '10:00', name: 'Sam' }, ctx);
    expect(booked).toMatchObject({ ok: true, appointmentBooked: true });
    expect((ctx.calendar as FakeCalendar).appointments[0]?.start.toISOString()).toBe(
      '2026-11-25T15:00:00.000Z',
    );
    const again = await bookAppointment.run({ date: '2026-11-25', time: '10:00', name: 'Kim' }, ctx);
    expect(again.ok).toBe(false);
    expect((again.result.alternatives as string[])[0]).toBe('Wednesday, November 25 at 10:30 AM');
    const past = await bookAppointment.run({ date: '2026-11-20', time: '10:00', name: 'Kim' }, ctx);
    expect(past.ok).toBe(false);
    const missing = await bookAppointment.run({ date: '2026-11-26' }, ctx);
    expect(missing.ok).toBe(false);
  });

  it('take_message writes message_taken outbox rows (email, and SMS when enabled) and dispatches them', async () => {
    const customer = await createCustomer(db.pool, {
      email: 'o@example.test',
      businessName: 'B',
      plan: 'pro',
      status: 'active',
    });
    const ctx = context(customer.id);
    const out = await TOOLS.get('take_message')!.run({ name: 'Ana', message: 'Call me back' }, ctx);
    expect(out.ok).toBe(true);
    const rows = await db.pool.any(
      sql.type(
        z.object({
          channel: z.string(),
          template: z.string(),
          recipient: z.string(),
          payload: z.record(z.string(), z.unknown()),
        }),
      )`SELECT channel, template, recipient, payload FROM notifications WHERE customer_id = ${customer.id} ORDER BY channel`,
    );
    expect(rows.map((r) => [r.channel, r.template, r.recipient])).toEqual([
      ['email', 'message_taken', 'owner@example.test'],
      ['sms', 'message_taken', '+15550001111'],
    ]);
    expect(rows[0]!.payload).toMatchObject({
      callerName: 'Ana',
      message: 'Call me back',
      callerPhone: '+15557654321',
    });
    const jobs = await queues.queue('notifications').getJobs(['waiting', 'delayed', 'prioritized']);
    expect(jobs.length).toBe(2);
  });

  it('transfer is refused when the business has no phone to transfer to', async () => {
    const ctx = context('00000000-0000-4000-8000-000000000002');
    ctx.business = { ...ctx.business, ownerPhone: null };
    const out = await TOOLS.get('transfer_to_human')!.run({}, ctx);
    expect(out).toMatchObject({ ok: false });
    expect(out.action).toBeUndefined();
  });
});
