import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * The data of each onboarding step. Input schemas normalise (phones become E.164) and are used on
 * request bodies; the stored schemas describe what is saved in onboarding_states and what the API
 * returns (no transforms, so responses serialise as-is). The portal's settings page reuses both.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const E164 = /^\+[1-9][0-9]{6,14}$/;

/** Any written form of a phone number (US by default) → E.164, or a field error saying why. */
export const PhoneInput = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(40)
  .transform((value, ctx) => {
    const parsed = parsePhoneNumberFromString(value, 'US');
    if (!parsed?.isValid()) {
      ctx.addIssue({ code: 'custom', message: 'must be a valid phone number, e.g. +1 415 555 0100' });
      return z.NEVER;
    }
    return parsed.number;
  });
export const PhoneE164 = z.string().regex(E164, 'must be an E.164 phone number');

export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time HH:MM');

export const OpeningInterval = z
  .object({ open: TimeOfDay, close: TimeOfDay })
  .refine((i) => i.open < i.close, { message: 'must be after the opening time', path: ['close'] });

/** A day's intervals, which must not overlap (a caller could otherwise be offered a slot twice). */
const DayHours = z
  .array(OpeningInterval)
  .max(6)
  .superRefine((intervals, ctx) => {
    const sorted = intervals
      .map((i, index) => ({ ...i, index }))
      .sort((a, b) => a.open.localeCompare(b.open));
    for (let k = 1; k < sorted.length; k++) {
      if (sorted[k]!.open < sorted[k - 1]!.close) {
        ctx.addIssue({ code: 'custom', message: 'overlaps another interval', path: [sorted[k]!.index] });
      }
    }
  });

export const OpeningHours = z.object({
  mon: DayHours.optional(),
  tue: DayHours.optional(),
  wed: DayHours.optional(),
  thu: DayHours.optional(),
  fri: DayHours.optional(),
  sat: DayHours.optional(),
  sun: DayHours.optional(),
});
export type OpeningHours = z.infer<typeof OpeningHours>;

export const TimeZoneName = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as America/New_York');

export const ServiceItem = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  durationMin: z.number().int('must be whole minutes').min(5, 'must be at least 5').max(480),
  priceCents: z.number().int('must be in cents').min(0).max(100_000_00).nullable(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a 3-letter currency code')
    .optional(),
});
export type ServiceItem = z.infer<typeof ServiceItem>;

function businessInfoShape<P extends z.ZodType<string, string>>(phone: P) {
  return z.object({
    name: z.string().trim().min(1, 'is required').max(200),
    industry: z.string().trim().min(1, 'is required').max(100),
    profession: z.string().trim().max(100).nullable().optional(),
    phone,
    services: z.array(ServiceItem).min(1, 'needs at least one service').max(50),
    hours: OpeningHours,
    timeZone: TimeZoneName,
    address: z.string().trim().max(500).nullable().optional(),
  });
}

/** Step 1 request body. */
export const BusinessInfoInput = businessInfoShape(PhoneInput).refine(
  (info) => WEEKDAYS.some((day) => (info.hours[day]?.length ?? 0) > 0),
  { message: 'needs at least one open day', path: ['hours'] },
);
/** Step 1 as stored and returned. */
export const BusinessInfo = businessInfoShape(PhoneE164);
export type BusinessInfo = z.infer<typeof BusinessInfo>;

export const CARRIERS = ['generic', 'att', 'verizon', 'tmobile'] as const;
export type Carrier = (typeof CARRIERS)[number];

/** Step 2 request body. */
export const PhoneConfigInput = z.object({
  businessPhone: PhoneInput,
  smsEnabled: z.boolean(),
  carrier: z.enum(CARRIERS).optional(),
});
export type PhoneConfigInput = z.infer<typeof PhoneConfigInput>;

export const ForwardingCodes = z.object({
  unconditional: z.string(),
  busy: z.string(),
  noAnswer: z.string(),
  disable: z.string(),
});
export type ForwardingCodes = z.infer<typeof ForwardingCodes>;

/** Step 2 as stored and returned. */
export const PhoneConfig = z.object({
  businessPhone: PhoneE164,
  twilioNumber: PhoneE164,
  smsEnabled: z.boolean(),
  carrier: z.enum(CARRIERS),
  forwarding: ForwardingCodes,
});
export type PhoneConfig = z.infer<typeof PhoneConfig>;

/** Step 3: what the receptionist says and must (not) do. Same shape in and out. */
export const CallerResponses = z.object({
  greeting: z.string().trim().min(1, 'is required').max(500),
  instructions: z.string().trim().max(5000),
  questionsToAsk: z.string().trim().max(2000).optional(),
  neverPromise: z.string().trim().max(2000).optional(),
  transferPolicy: z.string().trim().max(1000).optional(),
});
export type CallerResponses = z.infer<typeof CallerResponses>;

export const CALENDAR_PROVIDERS = ['google', 'outlook', 'builtin'] as const;
export type CalendarProvider = (typeof CALENDAR_PROVIDERS)[number];

/** Step 4 as stored and returned. */
export const CalendarIntegration = z.object({
  provider: z.enum(CALENDAR_PROVIDERS).nullable(),
  status: z.enum(['connected', 'disconnected', 'skipped', 'not_connected']),
  accountEmail: z.string().optional(),
});
export type CalendarIntegration = z.infer<typeof CalendarIntegration>;

export const OAuthProviderInput = z.object({ provider: z.enum(['google', 'outlook']) });

export const DOCUMENT_SOURCES = ['business_info', 'caller_responses'] as const;
export type DocumentSource = (typeof DOCUMENT_SOURCES)[number];

/**
 * Portal settings may override onboarding answers after go-live (customers.settings); the
 * business profile merges these over the onboarding data.
 */
export const SettingsOverrides = z
  .object({
    businessInfo: BusinessInfo.partial().optional(),
    callerResponses: CallerResponses.partial().optional(),
  })
  .catch({});
export type SettingsOverrides = z.infer<typeof SettingsOverrides>;
