import { DateTime } from 'luxon';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callGroups } from '../../db/call-reads.ts';
import { createCustomer } from '../../db/customers.ts';
import { dashboardWindow, summarize } from '../../domain/portal/dashboard.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

/**
 * Dashboard numbers on a hand-built data set around time-zone boundaries. "Now" is fixed at
 * Monday 2026-03-09 12:00 in New York, the day after the spring DST change.
 */
let db: TestDatabase;
const zone = 'America/New_York';
const now = DateTime.fromISO('2026-03-09T12:00:00', { zone }).toMillis();
const local = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

async function call(
  customerId: string,
  at: number,
  outcome: string,
  booked: boolean,
  durationMs: number | null,
) {
  await db.pool.query(sql.unsafe`
    INSERT INTO calls (customer_id, call_type, started_at, duration_ms, outcome, appointment_booked)
    VALUES (${customerId}, 'phone', to_timestamp(${at / 1000}), ${durationMs}, ${outcome}, ${booked})`);
}

let customerId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  const c = await createCustomer(db.pool, {
    email: 'tz@example.test',
    businessName: 'TZ',
    plan: 'pro',
    status: 'active',
  });
  customerId = c.id;
  await call(customerId, local('2026-03-09T00:00:30'), 'completed', true, 120_000); // today, 00h local (04:00 UTC)
  await call(customerId, local('2026-03-09T11:59:00'), 'missed', false, null); // today, 11h
  await call(customerId, local('2026-03-08T23:59:30'), 'completed', false, 60_000); // Sunday: last week, this month
  await call(customerId, local('2026-03-01T00:00:10'), 'transferred', false, 30_000); // first second of the month
  await call(customerId, local('2026-02-28T23:59:50'), 'abandoned', false, null); // February, still in 30 days
  await call(customerId, local('2026-02-07T12:00:00'), 'completed', true, 999_000); // 30 days ago: outside the chart
  const other = await createCustomer(db.pool, {
    email: 'o@example.test',
    businessName: 'O',
    plan: 'pro',
    status: 'active',
  });
  await call(other.id, local('2026-03-09T10:00:00'), 'completed', true, 1000); // another customer's call
});
afterAll(async () => {
  await db?.drop();
});

describe('dashboard maths in the business time zone', () => {
  it('puts calls on the right local day, week and month', async () => {
    const window = dashboardWindow(now, zone);
    expect(window).toMatchObject({
      today: '2026-03-09',
      weekStart: '2026-03-09',
      monthStart: '2026-03-01',
      chartStart: '2026-02-08',
    });
    const figures = summarize(await callGroups(db.pool, customerId, window.fromMs, zone), window);
    expect(figures.callsToday).toBe(2);
    expect(figures.callsThisWeek).toBe(2);
    expect(figures.callsThisMonth).toBe(4);
    expect(figures.answered).toBe(3); // completed ×2 + transferred within 30 days
    expect(figures.missed).toBe(2); // missed + abandoned
    expect(figures.appointmentsBooked).toBe(1);
    expect(figures.avgCallDurationMs).toBe(Math.round((120_000 + 60_000 + 30_000) / 3));
    expect(figures.daily).toHaveLength(30);
    expect(figures.daily.filter((d) => d.calls > 0)).toEqual([
      { date: '2026-02-28', calls: 1, booked: 0 },
      { date: '2026-03-01', calls: 1, booked: 0 },
      { date: '2026-03-08', calls: 1, booked: 0 },
      { date: '2026-03-09', calls: 2, booked: 1 },
    ]);
    const hours = Object.fromEntries(
      figures.busiestHours.filter((h) => h.calls > 0).map((h) => [h.hour, h.calls]),
    );
    expect(hours).toEqual({ 0: 2, 11: 1, 23: 2 });
  });

  it('gives different days for the same instants in UTC', async () => {
    const window = dashboardWindow(now, 'UTC');
    const figures = summarize(await callGroups(db.pool, customerId, window.fromMs, 'UTC'), window);
    // 2026-03-08 23:59:30 New York is 03:59:30 UTC on the 9th, so UTC counts it as today.
    expect(figures.callsToday).toBe(3);
    expect(figures.callsThisMonth).toBe(5);
  });
});
