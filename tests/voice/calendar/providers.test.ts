import fc from 'fast-check';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFreeSlots } from '../../../domain/calendar/slots.ts';
import { businessInfo, type CalendarHarness, NOW, startCalendarHarness, ZONE } from './harness.ts';

let h: CalendarHarness;
beforeAll(async () => {
  h = await startCalendarHarness();
});
afterAll(async () => {
  await h?.close();
});

const RANGE = { from: new Date('2026-12-07T00:00:00Z'), to: new Date('2026-12-09T00:00:00Z') };
const MINUTE = 60_000;

/** Generated calendars: events anywhere in the range, some marked free (they must not block). */
const eventSets = fc.array(
  fc.record({
    offsetMin: fc.integer({ min: 0, max: (48 * 60) / 5 }).map((n) => n * 5),
    lengthMin: fc.integer({ min: 1, max: 48 }).map((n) => n * 5),
    free: fc.boolean(),
  }),
  { maxLength: 15 },
);

const toEvents = (spec: { offsetMin: number; lengthMin: number; free: boolean }[]) =>
  spec.map((e, i) => {
    const start = new Date(RANGE.from.getTime() + e.offsetMin * MINUTE);
    return {
      summary: `event ${i}`,
      start,
      end: new Date(start.getTime() + e.lengthMin * MINUTE),
      free: e.free,
    };
  });

describe.each(['google', 'outlook'] as const)('Property 4 (round trip) against the %s fake', (provider) => {
  let customerId: string;
  beforeAll(async () => {
    customerId = await h.newCustomer();
    await h.connect(customerId, provider);
  });

  it('availability reflects exactly the events that exist in the connected calendar', async () => {
    const fake = provider === 'google' ? h.google : h.microsoft;
    await fc.assert(
      fc.asyncProperty(eventSets, async (spec) => {
        const events = toEvents(spec);
        fake.seed(events);
        const offered = await h.calendar.freeSlots(customerId, { ...RANGE, durationMin: 30 });
        const expected = computeFreeSlots({
          hours: businessInfo.hours,
          timeZone: ZONE,
          ...RANGE,
          durationMin: 30,
          busy: events.filter((e) => !e.free),
          notBefore: NOW,
        });
        expect(offered).toEqual(expected);
      }),
      { numRuns: 25 },
    );
    expect((await h.connection(customerId)).status).toBe('connected');
  });

  it('follows paging: a calendar with more events than one page still blocks them all', async () => {
    const fake = provider === 'google' ? h.google : h.microsoft;
    // 60 back-to-back 10-minute events on Monday morning, 09:00–19:00 local.
    const monday9 = new Date('2026-12-07T15:00:00Z');
    fake.seed(
      Array.from({ length: 60 }, (_, i) => ({
        summary: `e${i}`,
        start: new Date(monday9.getTime() + i * 10 * MINUTE),
        end: new Date(monday9.getTime() + (i + 1) * 10 * MINUTE),
      })),
    );
    const slots = await h.calendar.freeSlots(customerId, { ...RANGE, durationMin: 30 });
    expect(slots.some((s) => s.start.toISOString().startsWith('2026-12-07'))).toBe(false);
    expect(slots.some((s) => s.start.toISOString().startsWith('2026-12-08'))).toBe(true);
  });

  it('refreshes an expired access token, stores the new one encrypted, and carries on', async () => {
    const fake = provider === 'google' ? h.google : h.microsoft;
    fake.seed([]);
    const before = await h.connection(customerId);
    await h.db.pool.query(sql.unsafe`
      UPDATE calendar_connections SET token_expires_at = now() - interval '1 minute'
      WHERE customer_id = ${customerId}`);
    fake.tokens.expireAccessTokens();
    const refreshesBefore = fake.tokens.refreshes;
    const slots = await h.calendar.freeSlots(customerId, { ...RANGE, durationMin: 30 });
    expect(slots.length).toBeGreaterThan(0);
    expect(fake.tokens.refreshes).toBe(refreshesBefore + 1);
    const after = await h.connection(customerId);
    expect(after.status).toBe('connected');
    expect(after.token_expires_at).toBeGreaterThan(Date.now());
    expect(after.access_token_enc!.equals(before.access_token_enc!)).toBe(false);
    // Tokens are stored encrypted, never as the bearer string the provider issued.
    expect(after.access_token_enc!.toString('latin1')).not.toContain(
      provider === 'google' ? 'g-access' : 'ms-access',
    );
  });

  it('a revoked grant marks the connection disconnected and calls still book on the built-in calendar', async () => {
    const fake = provider === 'google' ? h.google : h.microsoft;
    const id = await h.newCustomer();
    await h.connect(id, provider);
    fake.seed([]);
    const eventsBefore = fake.events.length;
    fake.tokens.revokeAll();
    await h.db.pool.query(sql.unsafe`
      UPDATE calendar_connections SET token_expires_at = now() - interval '1 minute' WHERE customer_id = ${id}`);
    const result = await h.calendar.book(id, {
      start: new Date('2026-12-07T16:00:00Z'),
      durationMin: 30,
      service: 'Cleaning',
      callerName: 'Ana',
      callerPhone: null,
      callId: null,
    });
    expect(result.status).toBe('booked');
    expect((await h.connection(id)).status).toBe('disconnected');
    expect(fake.events.length).toBe(eventsBefore);
    // Later availability comes from the built-in calendar alone, which knows the booking.
    const slots = await h.calendar.freeSlots(id, { ...RANGE, durationMin: 30 });
    expect(slots.some((s) => s.start.getTime() === new Date('2026-12-07T16:00:00Z').getTime())).toBe(false);
  });

  it('a token rejected before its expiry is refreshed once; a revoked grant then ends in disconnected', async () => {
    const fake = provider === 'google' ? h.google : h.microsoft;
    const id = await h.newCustomer();
    await h.connect(id, provider);
    fake.seed([]);
    fake.tokens.expireAccessTokens(); // the stored expiry still says valid
    const refreshes = fake.tokens.refreshes;
    expect((await h.calendar.freeSlots(id, { ...RANGE, durationMin: 30 })).length).toBeGreaterThan(0);
    expect(fake.tokens.refreshes).toBe(refreshes + 1);
    expect((await h.connection(id)).status).toBe('connected');
    fake.tokens.revokeAll();
    expect((await h.calendar.freeSlots(id, { ...RANGE, durationMin: 30 })).length).toBeGreaterThan(0);
    expect((await h.connection(id)).status).toBe('disconnected');
  });
});

describe('booking against a connected calendar', () => {
  it('creates the external event, and cancelling removes it', async () => {
    const id = await h.newCustomer();
    await h.connect(id, 'google');
    h.google.seed([]);
    const result = await h.calendar.book(id, {
      start: new Date('2026-12-08T15:00:00Z'),
      durationMin: 30,
      service: 'Cleaning',
      callerName: 'Bo',
      callerPhone: '+14155550111',
      callId: null,
    });
    expect(result.status).toBe('booked');
    expect(h.google.events.filter((e) => !e.cancelled)).toHaveLength(1);
    if (result.status !== 'booked') return;
    await h.calendar.cancel(id, result.appointmentId);
    expect(h.google.events.filter((e) => !e.cancelled)).toHaveLength(0);
  });

  it('refuses a slot the external calendar has taken and offers alternatives', async () => {
    const id = await h.newCustomer();
    await h.connect(id, 'outlook');
    const start = new Date('2026-12-08T16:00:00Z');
    h.microsoft.seed([
      { summary: 'Dentist conference', start, end: new Date(start.getTime() + 60 * MINUTE) },
    ]);
    const result = await h.calendar.book(id, {
      start,
      durationMin: 30,
      service: 'Cleaning',
      callerName: 'Cy',
      callerPhone: null,
      callId: null,
    });
    expect(result.status).toBe('conflict');
    if (result.status !== 'conflict') return;
    expect(result.alternatives.length).toBeGreaterThan(0);
    for (const alt of result.alternatives) {
      expect(alt.start >= new Date(start.getTime() + 60 * MINUTE) || alt.end <= start).toBe(true);
    }
  });
});
