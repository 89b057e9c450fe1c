import { z } from 'zod';

/**
 * Which alerts the owner wants, per channel. SMS alerts also need SMS switched on for the
 * receptionist number (onboarding step 2); these choices refine that switch.
 */
export const EmailAlerts = z.object({
  newAppointment: z.boolean(),
  callSummary: z.boolean(),
  messageTaken: z.boolean(),
  errors: z.boolean(),
});
export const SmsAlerts = z.object({ newAppointment: z.boolean(), messageTaken: z.boolean() });
export const OwnerAlerts = z.object({ email: EmailAlerts, sms: SmsAlerts });
export type OwnerAlerts = z.infer<typeof OwnerAlerts>;

export const DEFAULT_OWNER_ALERTS: OwnerAlerts = {
  email: { newAppointment: true, callSummary: true, messageTaken: true, errors: true },
  sms: { newAppointment: true, messageTaken: true },
};

/** The stored choices (customers.settings.notifications) over the defaults; junk is ignored. */
export function readOwnerAlerts(stored: unknown): OwnerAlerts {
  const value = (stored ?? {}) as { email?: unknown; sms?: unknown };
  const email = EmailAlerts.partial().safeParse(value.email);
  const sms = SmsAlerts.partial().safeParse(value.sms);
  return {
    email: { ...DEFAULT_OWNER_ALERTS.email, ...(email.success ? email.data : {}) },
    sms: { ...DEFAULT_OWNER_ALERTS.sms, ...(sms.success ? sms.data : {}) },
  };
}
