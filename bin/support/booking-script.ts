import { DateTime } from 'luxon';
import type { Config } from '../../config/config.ts';
import type { DatabasePool } from '../../db/pool.ts';
import { loadBusinessProfile } from '../../domain/business/profile.ts';
import { createCalendarService } from '../../domain/calendar/service.ts';

/**
 * The conversation `npm run call` has when no --say lines are given: book the business's first
 * service at a time that is free right now, give a name, confirm, say goodbye. The time is looked
 * up in the business's calendar (after tomorrow's start, on the hour, preferably in the afternoon)
 * so the example still books on the second, tenth and hundredth try.
 */
export async function bookingConversation(
  pool: DatabasePool,
  config: Config,
  customerId: string,
): Promise<string[]> {
  const profile = await loadBusinessProfile(pool, customerId);
  const service = profile?.services[0];
  const fallback = ['What are your opening hours?', 'Thank you, goodbye.'];
  if (!profile || !service) return fallback;
  const zone = profile.timeZone;
  const from = DateTime.now().setZone(zone).plus({ days: 1 }).startOf('day');
  const calendar = createCalendarService({ pool, config });
  const slots = await calendar.freeSlots(customerId, {
    from: from.toJSDate(),
    to: from.plus({ days: 14 }).toJSDate(),
    durationMin: service.durationMin,
  });
  const local = slots.map((slot) => DateTime.fromJSDate(slot.start).setZone(zone));
  const chosen =
    local.find((t) => t.minute === 0 && t.hour >= 13) ?? local.find((t) => t.minute === 0) ?? local[0];
  if (!chosen) return fallback;
  return [
    `Hi, I'd like to book a ${service.name.toLowerCase()} on ${spokenTime(chosen)}.`,
    'My name is Jane Doe.',
    'Yes, please.',
    'Thank you, goodbye.',
  ];
}

/** "Tuesday, December 8 at 3pm" / "… at 9:30am", as a caller would say it. */
export function spokenTime(t: DateTime): string {
  const hour = t.hour % 12 === 0 ? 12 : t.hour % 12;
  const minutes = t.minute === 0 ? '' : `:${String(t.minute).padStart(2, '0')}`;
  return `${t.toFormat('cccc, LLLL d')} at ${hour}${minutes}${t.hour < 12 ? 'am' : 'pm'}`;
}
