import { DateTime } from 'luxon';
import type { OpeningInterval, Weekday } from '../../lib/business-profile.ts';
import type { Slot } from '../../voice/agent/calendar-port.ts';

const WEEKDAY_KEYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MINUTE_MS = 60_000;

export interface SlotQuery {
  hours: Partial<Record<Weekday, OpeningInterval[]>>;
  /** IANA zone the opening hours are written in. */
  timeZone: string;
  from: Date;
  to: Date;
  durationMin: number;
  busy: readonly Slot[];
  /** Candidate starts are this far apart, counted from each opening time (default 15). */
  stepMin?: number;
  /** Nothing earlier than this is offered (defaults to `from`). */
  notBefore?: Date;
}

/** Opening intervals of every local day touching [from, to], as absolute instants. */
export function openingIntervals(hours: SlotQuery['hours'], timeZone: string, from: Date, to: Date): Slot[] {
  const result: Slot[] = [];
  const last = DateTime.fromJSDate(to, { zone: timeZone }).startOf('day');
  // Start a day early: an interval of the previous local day cannot reach into `from`, but this
  // keeps the loop simple and cheap.
  for (
    let day = DateTime.fromJSDate(from, { zone: timeZone }).startOf('day').minus({ days: 1 });
    day <= last;
    day = day.plus({ days: 1 })
  ) {
    for (const interval of hours[WEEKDAY_KEYS[day.weekday - 1]!] ?? []) {
      const open = atLocalTime(day, interval.open);
      const close = atLocalTime(day, interval.close);
      if (close > open) result.push({ start: open, end: close });
    }
  }
  return result;
}

/**
 * A wall-clock time on a local day. Luxon moves a time that does not exist (the spring-forward
 * gap) forward by the gap, and picks the earlier instant of an ambiguous (fall-back) time.
 */
function atLocalTime(day: DateTime, hhmm: string): Date {
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** True when [start, end) overlaps any busy interval. */
export function overlapsAny(start: number, end: number, busy: readonly Slot[]): boolean {
  return busy.some((b) => start < b.end.getTime() && b.start.getTime() < end);
}

/**
 * Free slots of `durationMin` inside opening hours (in the business's zone, DST-correct: durations
 * are real elapsed minutes), within [from, to], not overlapping any busy interval.
 */
export function computeFreeSlots(q: SlotQuery): Slot[] {
  const durationMs = q.durationMin * MINUTE_MS;
  const stepMs = (q.stepMin ?? 15) * MINUTE_MS;
  if (durationMs <= 0 || stepMs <= 0) return [];
  const lower = Math.max(q.from.getTime(), q.notBefore?.getTime() ?? Number.NEGATIVE_INFINITY);
  const upper = q.to.getTime();
  const busy = [...q.busy].sort((a, b) => a.start.getTime() - b.start.getTime());
  const slots: Slot[] = [];
  for (const interval of openingIntervals(q.hours, q.timeZone, q.from, q.to)) {
    const close = interval.end.getTime();
    for (let start = interval.start.getTime(); start + durationMs <= close; start += stepMs) {
      const end = start + durationMs;
      if (start < lower || end > upper) continue;
      if (overlapsAny(start, end, busy)) continue;
      slots.push({ start: new Date(start), end: new Date(end) });
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** True when [start, start + duration) lies wholly inside one opening interval. */
export function withinOpeningHours(
  hours: SlotQuery['hours'],
  timeZone: string,
  start: Date,
  end: Date,
): boolean {
  return openingIntervals(hours, timeZone, start, end).some(
    (i) => i.start.getTime() <= start.getTime() && end.getTime() <= i.end.getTime(),
  );
}
