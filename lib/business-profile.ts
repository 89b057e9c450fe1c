import type { OwnerAlerts } from './owner-alerts.ts';

/**
 * What the receptionist knows about the business it answers for, assembled from onboarding data
 * and settings. Times are local to `timeZone` (IANA name).
 */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface OpeningInterval {
  /** "HH:MM", 24-hour, local time. */
  open: string;
  close: string;
}

export interface Service {
  name: string;
  durationMin: number;
  /** Price in the smallest currency unit; null when "price on request". */
  priceCents: number | null;
  currency?: string;
}

export interface BusinessProfile {
  customerId: string;
  businessName: string;
  industry: string | null;
  profession: string | null;
  /** The owner's own phone, E.164: where transfers go and SMS alerts are sent. */
  ownerPhone: string | null;
  ownerEmail: string;
  timeZone: string;
  address: string | null;
  services: Service[];
  hours: Partial<Record<Weekday, OpeningInterval[]>>;
  /** Caller-response instructions from onboarding step 3. */
  greeting: string | null;
  instructions: string | null;
  smsEnabled: boolean;
  /** Which owner alerts to send (portal settings); defaults when absent. */
  alerts?: OwnerAlerts;
}
