import { DateTime } from 'luxon';
import type { BusinessProfile, Weekday } from '../../../../lib/business-profile.ts';
import { formatPrice } from '../../../agent/persona.ts';

const KEYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function clock(hhmm: string): string {
  return DateTime.fromFormat(hhmm, 'HH:mm').toFormat('h:mm a').replace(':00', '');
}

/** Opening hours in speakable form, grouping days with the same hours. */
export function hoursAnswer(business: BusinessProfile, now: Date): string {
  const spans = KEYS.map((k) =>
    (business.hours[k] ?? []).map((i) => `${clock(i.open)} to ${clock(i.close)}`).join(' and '),
  );
  if (spans.every((s) => !s))
    return "I don't have our opening hours on file, but I can take a message for the team.";
  const groups: string[] = [];
  for (let i = 0; i < 7; ) {
    let j = i;
    while (j + 1 < 7 && spans[j + 1] === spans[i]) j++;
    const days = i === j ? NAMES[i] : `${NAMES[i]} to ${NAMES[j]}`;
    groups.push(spans[i] ? `${days}, ${spans[i]}` : `closed ${days}`);
    i = j + 1;
  }
  const today = KEYS[DateTime.fromJSDate(now, { zone: business.timeZone }).weekday - 1]!;
  const todaySpan = spans[KEYS.indexOf(today)];
  const lead = todaySpan ? `Today we're open ${todaySpan}.` : "We're closed today.";
  return `${lead} Our hours are ${groups.join('; ')}.`;
}

export function servicesAnswer(business: BusinessProfile): string {
  if (business.services.length === 0)
    return "I don't have a list of services on file. I can take a message for the team.";
  const names = business.services.map((s) => s.name);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `We offer ${list}. Would you like to book one of them?`;
}

export function pricesAnswer(
  business: BusinessProfile,
  service: BusinessProfile['services'][number] | null,
): string {
  if (service) {
    return `${service.name} is ${formatPrice(service.priceCents, service.currency)} and takes about ${service.durationMin} minutes.`;
  }
  if (business.services.length === 0)
    return "I don't have our prices on file. I can take a message for the team.";
  const parts = business.services
    .slice(0, 4)
    .map((s) => `${s.name} is ${formatPrice(s.priceCents, s.currency)}`);
  return `${parts.join(', ')}.`;
}

export function addressAnswer(business: BusinessProfile): string {
  return business.address
    ? `We're at ${business.address}.`
    : "I don't have the address on file. I can take a message and someone will get back to you.";
}

/** The first sentence or two of a document passage, without search highlighting. */
export function documentAnswer(snippet: string): string {
  const clean = snippet
    .replace(/<\/?b>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const sentences = clean.match(/[^.!?]+[.!?]+/g) ?? [clean];
  return sentences
    .slice(0, 2)
    .map((x) => x.trim())
    .join(' ');
}
