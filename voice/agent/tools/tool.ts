import { DateTime } from 'luxon';
import type { BusinessProfile, Service } from '../../../lib/business-profile.ts';
import type { ToolSpec } from '../../providers/llm/types.ts';
import type { MessageSink } from '../../session/types.ts';
import type { CalendarService } from '../calendar-port.ts';

export interface ToolContext {
  business: BusinessProfile;
  callId: string;
  callerPhone: string | null;
  calendar: CalendarService;
  messages: MessageSink;
  now: Date;
}

export interface ToolOutcome {
  ok: boolean;
  /** What the model reads back (JSON-serialisable). */
  result: Record<string, unknown>;
  /** A short human line for the live transcript ("appointment booked"). */
  summary: string;
  /** What the session does once the reply has played. */
  action?: 'transfer' | 'end_call';
  appointmentBooked?: boolean;
  callerName?: string;
}

export interface AgentTool {
  spec: ToolSpec;
  /** Spoken before slow work so the caller is not left in silence; null for instant tools. */
  filler: string | null;
  run(args: Record<string, unknown>, ctx: ToolContext): Promise<ToolOutcome>;
}

export function findService(business: BusinessProfile, name: unknown): Service | null {
  const wanted = typeof name === 'string' ? name.toLowerCase().trim() : '';
  if (wanted) {
    const hit = business.services.find(
      (s) =>
        s.name.toLowerCase() === wanted ||
        s.name.toLowerCase().includes(wanted) ||
        wanted.includes(s.name.toLowerCase()),
    );
    if (hit) return hit;
  }
  return business.services[0] ?? null;
}

/** "YYYY-MM-DD" + "HH:MM" in the business time zone → an instant; null when unparseable. */
export function localDateTime(business: BusinessProfile, date: unknown, time: unknown): DateTime | null {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const t = typeof time === 'string' && /^\d{1,2}:\d{2}$/.test(time) ? time.padStart(5, '0') : '00:00';
  const dt = DateTime.fromISO(`${date}T${t}`, { zone: business.timeZone });
  return dt.isValid ? dt : null;
}

/** How a time is spoken to the caller, in the business's zone. */
export function spoken(business: BusinessProfile, instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: business.timeZone }).toFormat("cccc, LLLL d 'at' h:mm a");
}

export const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
