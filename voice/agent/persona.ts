import { DateTime } from 'luxon';
import type { BusinessProfile, Weekday } from '../../lib/business-profile.ts';

const DAYS: [Weekday, string][] = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
];

// Intl formatters are expensive to build; the prompt is rebuilt every turn.
const formatters = new Map<string, Intl.NumberFormat>();

export function formatPrice(cents: number | null, currency = 'USD'): string {
  if (cents === null) return 'price on request';
  let format = formatters.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formatters.set(currency, format);
  }
  return format.format(cents / 100);
}

/** "Monday 9:00–17:00; …; Sunday closed", for prompts and spoken answers. */
export function describeHours(profile: BusinessProfile): string {
  return DAYS.map(([key, label]) => {
    const intervals = profile.hours[key] ?? [];
    if (intervals.length === 0) return `${label} closed`;
    return `${label} ${intervals.map((i) => `${i.open} to ${i.close}`).join(' and ')}`;
  }).join('; ');
}

export function greetingFor(profile: BusinessProfile): string {
  return (
    profile.greeting?.trim() || `Thank you for calling ${profile.businessName}. How can I help you today?`
  );
}

/**
 * The receptionist's system prompt, built from onboarding data. Owner instructions are quoted as
 * data and the agent is told never to promise what they forbid.
 */
export function buildSystemPrompt(profile: BusinessProfile, now: Date): string {
  const local = DateTime.fromJSDate(now, { zone: profile.timeZone });
  const services = profile.services.length
    ? profile.services
        .map((s) => `- ${s.name}: ${s.durationMin} minutes, ${formatPrice(s.priceCents, s.currency)}`)
        .join('\n')
    : '- (no services listed)';
  return [
    `You are the phone receptionist for ${profile.businessName}${profile.profession ? `, a ${profile.profession}` : ''}${profile.industry ? ` (${profile.industry})` : ''}.`,
    `You speak on a phone call: short sentences, no lists, no markdown, no emojis. One question at a time.`,
    `Today is ${local.toFormat('cccc, LLLL d, yyyy')} and the local time is ${local.toFormat('HH:mm')} (${profile.timeZone}). All dates and times you pass to tools are in this time zone, as YYYY-MM-DD and HH:MM.`,
    profile.address ? `Address: ${profile.address}.` : 'The address is not on file; offer to take a message.',
    `Opening hours: ${describeHours(profile)}.`,
    `Services:\n${services}`,
    profile.instructions?.trim()
      ? `The owner's instructions for answering callers (follow them; never promise anything they forbid):\n"""\n${profile.instructions.trim()}\n"""`
      : '',
    'Booking: find out the service, the date and time, and the caller\'s name. Check availability, then read the date, time and name back and wait for a clear "yes" before calling book_appointment. If the slot is gone, offer the alternatives.',
    'If you cannot help, offer to take a message (take_message). If the caller asks for a person, call transfer_to_human. When the caller is done, say goodbye and call end_call.',
    'Never invent prices, times or policies that are not written here.',
  ]
    .filter(Boolean)
    .join('\n\n');
}
