import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { BusinessProfile, Service } from '../../../../lib/business-profile.ts';

/** What a caller's sentence asks for, by keyword: the engine has no model, only rules. */
export type Intent =
  | 'goodbye'
  | 'human'
  | 'message'
  | 'booking'
  | 'hours'
  | 'prices'
  | 'services'
  | 'address'
  | 'yes'
  | 'no'
  | 'other';

const has = (text: string, re: RegExp) => re.test(text.toLowerCase());

export function intentOf(text: string): Intent {
  const t = text.toLowerCase().trim();
  if (
    has(t, /\b(human|person|operator|representative|real person|someone|somebody|the owner|staff member)\b/)
  )
    return 'human';
  if (
    has(
      t,
      /\b(bye|goodbye|that'?s all|that is all|nothing else|no,? thanks?|no thank you|have a (good|nice|great))\b/,
    )
  )
    return 'goodbye';
  if (has(t, /\b(message|call me back|callback|let (him|her|them) know|pass (it|that) on)\b/))
    return 'message';
  if (has(t, /\b(hours|opening hours|open|close|closing)\b/) && !has(t, /\b(book|appointment|schedule)\b/))
    return 'hours';
  // "What are your opening…" / "when are you open" ask about hours even when the rest is mumbled.
  if (has(t, /\b(what are your|when are you|what time do you|how late)\b.*\b(open|opening|close|closing)\b/))
    return 'hours';
  if (
    has(
      t,
      /\b(book|appointment|schedule|reserve|come in|available|availability|slot|openings?\b(?! hours))\b/,
    )
  )
    return 'booking';
  if (has(t, /\b(hours|open|close|closing|opening)\b/)) return 'hours';
  if (has(t, /\b(price|prices|cost|how much|fee|charge|rates?)\b/)) return 'prices';
  if (has(t, /\b(services|what do you (do|offer)|offer)\b/)) return 'services';
  if (has(t, /\b(address|where are you|located|location|directions|find you)\b/)) return 'address';
  if (
    has(
      t,
      /^(yes|yeah|yep|sure|correct|that'?s (right|correct)|please do|go ahead|sounds good|perfect|ok(ay)?)\b/,
    )
  )
    return 'yes';
  if (has(t, /^(no|nope|not really|wrong|that'?s (wrong|not right))\b/)) return 'no';
  return 'other';
}

export type PartOfDay = 'morning' | 'afternoon' | 'evening';

export interface WhenParts {
  /** YYYY-MM-DD, business-local. */
  date: string | null;
  /** HH:MM, 24-hour, business-local. */
  time: string | null;
  /** "Wednesday morning": a part of the day instead of a time. */
  partOfDay: PartOfDay | null;
}

function partOfDayIn(text: string): PartOfDay | null {
  if (/\bmorning\b/i.test(text)) return 'morning';
  if (/\bafternoon\b/i.test(text)) return 'afternoon';
  if (/\b(evening|tonight)\b/i.test(text)) return 'evening';
  return null;
}

/** Dates and times in natural language, resolved in the business's time zone. */
export function parseWhen(text: string, business: BusinessProfile, now: Date): WhenParts {
  const offset = DateTime.fromJSDate(now, { zone: business.timeZone }).offset;
  const results = chrono.parse(text, { instant: now, timezone: offset }, { forwardDate: true });
  const out: WhenParts = { date: null, time: null, partOfDay: null };
  for (const r of results) {
    const s = r.start;
    if (!out.date && (s.isCertain('day') || s.isCertain('weekday'))) {
      out.date = `${s.get('year')}-${String(s.get('month')).padStart(2, '0')}-${String(s.get('day')).padStart(2, '0')}`;
    }
    if (!out.time && s.isCertain('hour')) {
      let hour = s.get('hour') ?? 0;
      // "at 3" on a business line means the afternoon.
      if (!s.isCertain('meridiem') && hour >= 1 && hour < 8) hour += 12;
      out.time = `${String(hour).padStart(2, '0')}:${String(s.get('minute') ?? 0).padStart(2, '0')}`;
    }
  }
  if (!out.time) out.partOfDay = partOfDayIn(text);
  return out;
}

const NAME_PATTERNS = [
  /\bmy name is ([a-z][a-z'-]+(?: [a-z][a-z'-]+)?)/i,
  /\bname'?s ([a-z][a-z'-]+(?: [a-z][a-z'-]+)?)/i,
  /\bthis is ([a-z][a-z'-]+(?: [a-z][a-z'-]+)?)/i,
  /\bit'?s ([A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?)\b/,
];
const NOT_NAMES =
  /^(a|an|the|for|to|about|calling|looking|interested|wondering|just|on|at|next|tomorrow|today)$/i;

const titleCase = (s: string) => s.replace(/\b\w/g, (c) => c.toUpperCase());

/** A name stated in the sentence; with `expectingName`, the bare answer is taken as the name. */
export function parseName(text: string, expectingName: boolean): string | null {
  for (const re of NAME_PATTERNS) {
    const m = re.exec(text);
    const first = m?.[1]?.split(' ')[0];
    if (m?.[1] && first && !NOT_NAMES.test(first)) return titleCase(m[1].replace(/\s+(and|at|for|on)$/i, ''));
  }
  if (!expectingName) return null;
  const words = text
    .replace(/[^\p{L}\s'-]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w && !/^(it|is|its|i|am|im|yes|sure|my|name|uh|um|well|ok|okay)$/i.test(w));
  return words.length > 0 && words.length <= 3 ? titleCase(words.join(' ').toLowerCase()) : null;
}

export function parseService(text: string, business: BusinessProfile): Service | null {
  const t = text.toLowerCase();
  return (
    business.services.find((s) => t.includes(s.name.toLowerCase())) ??
    business.services.find((s) =>
      s.name
        .toLowerCase()
        .split(/\s+/)
        .some((w) => w.length > 3 && t.includes(w)),
    ) ??
    null
  );
}
