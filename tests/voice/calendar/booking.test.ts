import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppointmentNotFoundError } from '../../../domain/calendar/service.ts';
import type { BookingRequest } from '../../../voice/agent/calendar-port.ts';
import { type CalendarHarness, startCalendarHarness } from './harness.ts';

let h: CalendarHarness;
beforeAll(async () => {
  h = await startCalendarHarness();
});
afterAll(async () => {
  await h?.close();
});

const request = (start: string, callerName: string, durationMin = 30): BookingRequest => ({
  start: new Date(start),
  durationMin,
  service: 'Cleaning',
  callerName,
  callerPhone: null,
  callId: null,
});

const bookedCount = async (customerId: string) =>
  h.db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
    SELECT count(*)::int AS n FROM appointments WHERE customer_id = ${customerId} AND status = 'booked'`);

describe('double-booking prevention', () => {
  it('many concurrent bookings of one slot on the built-in calendar: exactly one is booked', async () => {
    const id = await h.newCustomer();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        h.calendar.book(id, request('2026-12-07T16:00:00Z', `caller ${i}`)),
      ),
    );
    expect(results.filter((r) => r.status === 'booked')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'conflict')).toHaveLength(11);
    expect(await bookedCount(id)).toBe(1);
    for (const r of results) {
      if (r.status === 'conflict') {
        expect(
          r.alternatives.every((a) => a.start.getTime() !== new Date('2026-12-07T16:00:00Z').getTime()),
        ).toBe(true);
      }
    }
  });

  it('overlapping (not identical) concurrent bookings with a Google calendar: one wins, one event is created', async () => {
    const id = await h.newCustomer();
    await h.connect(id, 'google');
    h.google.seed([]);
    // Every pair overlaps (all within 20 minutes of each other, 30 minutes long).
    const starts = [
      '2026-12-08T16:00:00Z',
      '2026-12-08T16:10:00Z',
      '2026-12-08T15:50:00Z',
      '2026-12-08T16:05:00Z',
    ];
    const results = await Promise.all(starts.map((s, i) => h.calendar.book(id, request(s, `caller ${i}`))));
    expect(results.filter((r) => r.status === 'booked')).toHaveLength(1);
    expect(await bookedCount(id)).toBe(1);
    expect(h.google.events.filter((e) => !e.cancelled)).toHaveLength(1);
  });

  it('refuses slots outside opening hours or in the past', async () => {
    const id = await h.newCustomer();
    // 08:00 local (Chicago) is before opening; 2026-11-30 is before the harness's "now".
    expect((await h.calendar.book(id, request('2026-12-07T14:00:00Z', 'early'))).status).toBe('conflict');
    expect((await h.calendar.book(id, request('2026-11-30T16:00:00Z', 'late'))).status).toBe('conflict');
    expect(await bookedCount(id)).toBe(0);
  });

  it('a cancelled slot can be booked again; cancelling an unknown appointment is an error', async () => {
    const id = await h.newCustomer();
    const first = await h.calendar.book(id, request('2026-12-09T16:00:00Z', 'first'));
    expect(first.status).toBe('booked');
    if (first.status !== 'booked') return;
    await h.calendar.cancel(id, first.appointmentId);
    expect((await h.calendar.book(id, request('2026-12-09T16:00:00Z', 'second'))).status).toBe('booked');
    await expect(h.calendar.cancel(id, first.appointmentId)).rejects.toBeInstanceOf(AppointmentNotFoundError);
  });
});

describe('owner alerts for a new appointment', () => {
  const alertsOf = (customerId: string) =>
    h.db.pool.any(sql.type(
      z.object({
        channel: z.string(),
        template: z.string(),
        recipient: z.string(),
        payload: z.record(z.string(), z.unknown()),
      }),
    )`SELECT channel, template, recipient, payload FROM notifications
      WHERE customer_id = ${customerId} AND template = 'new_appointment' ORDER BY channel`);

  it('queues the email (and SMS when SMS is on) in the booking transaction, and none for a conflict', async () => {
    const id = await h.newCustomer();
    await h.db.pool.query(sql.unsafe`
      INSERT INTO phone_numbers (customer_id, e164, status, sms_enabled) VALUES (${id}, '+15550142000', 'active', true)`);
    const booked = await h.calendar.book(id, {
      ...request('2026-12-09T16:00:00Z', 'Ann Lee'),
      callerPhone: '+15550001111',
    });
    expect(booked.status).toBe('booked');
    const lost = await h.calendar.book(id, request('2026-12-09T16:00:00Z', 'Bo Chan'));
    expect(lost.status).toBe('conflict');
    const alerts = await alertsOf(id);
    expect(alerts.map((a) => a.channel)).toEqual(['email', 'sms']);
    expect(alerts[0]!.payload).toMatchObject({
      callerName: 'Ann Lee',
      service: 'Cleaning',
      callerPhone: '+15550001111',
    });
    expect(alerts[0]!.payload.startsAt).toBe('2026-12-09T16:00:00.000Z');
  });

  it('follows the owner’s alert choices from portal settings', async () => {
    const id = await h.newCustomer();
    await h.db.pool.query(sql.unsafe`
      INSERT INTO phone_numbers (customer_id, e164, status, sms_enabled) VALUES (${id}, '+15550142001', 'active', true)`);
    await h.db.pool.query(sql.unsafe`
      UPDATE customers SET settings = ${sql.jsonb({ notifications: { email: { newAppointment: false } } })}
      WHERE id = ${id}`);
    expect((await h.calendar.book(id, request('2026-12-09T17:00:00Z', 'Cy Diaz'))).status).toBe('booked');
    expect((await alertsOf(id)).map((a) => a.channel)).toEqual(['sms']);
  });
});
