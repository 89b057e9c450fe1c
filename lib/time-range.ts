import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * Date filters in query strings: either a full ISO timestamp with offset, or a calendar date that
 * means that day in the business's time zone (`to` dates are inclusive: the whole day counts).
 */
export const DateOrDateTime = z.union([
  z.iso.date({ message: 'must be a date YYYY-MM-DD or an ISO timestamp' }),
  z.iso.datetime({ offset: true, message: 'must be a date YYYY-MM-DD or an ISO timestamp' }),
]);

export function rangeBound(
  value: string | undefined,
  edge: 'from' | 'to',
  timeZone: string,
): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = DateTime.fromISO(value, { zone: timeZone }).startOf('day');
    return (edge === 'to' ? day.plus({ days: 1 }) : day).toMillis();
  }
  return DateTime.fromISO(value, { setZone: true }).toMillis();
}

export const safeZone = (zone: string | null | undefined): string =>
  zone && DateTime.local().setZone(zone).isValid ? zone : 'UTC';
