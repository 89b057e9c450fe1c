import { bookedBetween } from '../../db/appointments.ts';
import type { CommonQueryMethods } from '../../db/pool.ts';
import type { Slot } from '../../voice/agent/calendar-port.ts';

/**
 * The built-in calendar is the appointments table itself: every booking lands there whatever
 * provider is connected (the exclusion constraint guards it), so its busy times are our bookings.
 */
export async function builtinBusy(
  db: CommonQueryMethods,
  customerId: string,
  range: { from: Date; to: Date },
): Promise<Slot[]> {
  const rows = await bookedBetween(db, customerId, range.from, range.to);
  return rows.map((r) => ({ start: new Date(r.starts_at), end: new Date(r.ends_at) }));
}
