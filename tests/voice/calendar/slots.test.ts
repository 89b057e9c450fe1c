import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { computeFreeSlots, withinOpeningHours } from '../../../domain/calendar/slots.ts';

const weekdays = { mon: [{ open: '09:00', close: '17:00' }], tue: [{ open: '09:00', close: '17:00' }] };
const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toJSDate();

describe('free slots from opening hours', () => {
  it('offers the opening hours of the business’s own time zone', () => {
    const zone = 'America/Los_Angeles';
    const slots = computeFreeSlots({
      hours: weekdays,
      timeZone: zone,
      from: local('2026-11-23T00:00', zone), // a Monday
      to: local('2026-11-24T00:00', zone),
      durationMin: 60,
      busy: [],
      stepMin: 60,
    });
    expect(slots.map((s) => DateTime.fromJSDate(s.start, { zone }).toFormat('HH:mm'))).toEqual([
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
    expect(slots[0]!.start.toISOString()).toBe('2026-11-23T17:00:00.000Z');
  });

  it('removes slots overlapping busy times and respects duration and closing time', () => {
    const zone = 'UTC';
    const slots = computeFreeSlots({
      hours: { mon: [{ open: '09:00', close: '12:00' }] },
      timeZone: zone,
      from: local('2026-11-23T00:00', zone),
      to: local('2026-11-24T00:00', zone),
      durationMin: 45,
      busy: [{ start: local('2026-11-23T10:00', zone), end: local('2026-11-23T10:30', zone) }],
      stepMin: 15,
    });
    const starts = slots.map((s) => s.start.toISOString().slice(11, 16));
    expect(starts).toEqual(['09:00', '09:15', '10:30', '10:45', '11:00', '11:15']);
  });

  it('is DST-correct: a day the clocks go back is 25 hours, slots stay on local wall time', () => {
    const zone = 'America/New_York';
    // 2026-11-01 is the Sunday US clocks fall back; opening 00:00–04:00 covers the repeated hour.
    const slots = computeFreeSlots({
      hours: { sun: [{ open: '00:00', close: '04:00' }], mon: [{ open: '09:00', close: '10:00' }] },
      timeZone: zone,
      from: local('2026-11-01T00:00', zone),
      to: local('2026-11-03T00:00', zone),
      durationMin: 60,
      busy: [],
      stepMin: 60,
    });
    // Five real hours pass between 00:00 and 04:00 local that night.
    expect(slots.filter((s) => DateTime.fromJSDate(s.start, { zone }).day === 1)).toHaveLength(5);
    const monday = slots.find((s) => DateTime.fromJSDate(s.start, { zone }).day === 2)!;
    expect(monday.start.toISOString()).toBe('2026-11-02T14:00:00.000Z'); // 09:00 EST = UTC-5
  });

  it('is DST-correct in spring: the opening time after the gap is real elapsed time', () => {
    const zone = 'Europe/Berlin';
    // 2026-03-29: 02:00 → 03:00 in Berlin. 01:00–04:00 local lasts two real hours.
    const slots = computeFreeSlots({
      hours: { sun: [{ open: '01:00', close: '04:00' }] },
      timeZone: zone,
      from: local('2026-03-29T00:00', zone),
      to: local('2026-03-30T00:00', zone),
      durationMin: 60,
      busy: [],
      stepMin: 60,
    });
    expect(slots.map((s) => s.start.toISOString())).toEqual([
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
    ]);
  });

  it('property: every slot is inside opening hours, of the right length, and clear of busy times', () => {
    const zones = ['UTC', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: 15, max: 120 }),
        fc.array(
          fc.record({
            offsetMin: fc.integer({ min: 0, max: 4 * 24 * 60 }),
            lengthMin: fc.integer({ min: 5, max: 240 }),
          }),
          {
            maxLength: 12,
          },
        ),
        (zone, dayOfYear, durationMin, busySpec) => {
          const from = DateTime.fromObject({ year: 2026, month: 1, day: 1 }, { zone }).plus({
            days: dayOfYear,
          });
          const to = from.plus({ days: 3 });
          const busy = busySpec.map((b) => {
            const start = from.plus({ minutes: b.offsetMin }).toJSDate();
            return { start, end: new Date(start.getTime() + b.lengthMin * 60_000) };
          });
          const hours = {
            mon: [
              { open: '08:00', close: '12:00' },
              { open: '13:00', close: '18:30' },
            ],
            tue: [{ open: '09:00', close: '17:00' }],
            wed: [{ open: '09:00', close: '17:00' }],
            thu: [{ open: '09:00', close: '17:00' }],
            fri: [{ open: '09:00', close: '15:00' }],
            sat: [{ open: '10:00', close: '13:00' }],
          };
          const slots = computeFreeSlots({
            hours,
            timeZone: zone,
            from: from.toJSDate(),
            to: to.toJSDate(),
            durationMin,
            busy,
          });
          for (const s of slots) {
            expect(s.end.getTime() - s.start.getTime()).toBe(durationMin * 60_000);
            expect(withinOpeningHours(hours, zone, s.start, s.end)).toBe(true);
            expect(busy.some((b) => s.start < b.end && b.start < s.end)).toBe(false);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
