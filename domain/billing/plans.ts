/** The plan catalogue: the only source of prices (a client never tells us what to charge). */
export const PLAN_IDS = ['starter', 'pro', 'business'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export interface Plan {
  id: PlanId;
  name: string;
  /** Monthly price in cents. */
  priceCents: number;
  currency: 'USD';
  includedMinutes: number;
  features: string[];
}

export const PLANS: readonly Plan[] = [
  {
    id: 'starter',
    name: 'Starter',
    priceCents: 4900,
    currency: 'USD',
    includedMinutes: 200,
    features: ['AI receptionist on one phone number', 'Appointment booking', 'Email call summaries'],
  },
  {
    id: 'pro',
    name: 'Pro',
    priceCents: 9900,
    currency: 'USD',
    includedMinutes: 600,
    features: [
      'Everything in Starter',
      'Google / Outlook calendar sync',
      'SMS alerts for new appointments and messages',
      'Call analytics',
    ],
  },
  {
    id: 'business',
    name: 'Business',
    priceCents: 24900,
    currency: 'USD',
    includedMinutes: 2000,
    features: ['Everything in Pro', 'Priority support', 'Data export with call audio'],
  },
];

export function findPlan(id: string): Plan | null {
  return PLANS.find((p) => p.id === id) ?? null;
}

/** Cents → PayPal's decimal string ("49.00"); integer maths, no floating point. */
export function centsToValue(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`invalid amount ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** PayPal's decimal string → cents, or null if it is not a plain two-decimal amount. */
export function valueToCents(value: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(value);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}
