/**
 * The API contracts the portal reads, derived from the server's own zod schemas (type-only
 * imports, erased from the bundle), so a change on the server that the portal does not follow
 * fails `npm run typecheck`. Times are epoch ms unless a schema says ISO string.
 */
import type { z } from 'zod';
import type { BillingOverview } from '../../api/routes/billing.ts';
import type { PayPalConfigSchema } from '../../api/routes/paypal.ts';
import type { PlanSchema } from '../../api/routes/plans.ts';
import type { Ticket as TicketSchema } from '../../api/routes/support.ts';
import type { DocumentView, OnboardingView } from '../../domain/onboarding/view.ts';
import type {
  CallDetail as CallDetailSchema,
  CallSummary as CallSummarySchema,
  Dashboard as DashboardSchema,
  Turn as TurnSchema,
} from '../../domain/portal/schemas.ts';
import type { Settings as SettingsSchema } from '../../domain/portal/settings.ts';
import type {
  BusinessInfo as BusinessInfoSchema,
  CalendarIntegration as CalendarIntegrationSchema,
  CallerResponses as CallerResponsesSchema,
  ForwardingCodes,
  OpeningHours,
  PhoneConfig as PhoneConfigSchema,
  ServiceItem,
} from '../../lib/business-schemas.ts';
import type { OwnerAlerts } from '../../lib/owner-alerts.ts';

export type Plan = z.infer<typeof PlanSchema>;
export type PaypalConfig = z.infer<typeof PayPalConfigSchema>;

export type Hours = OpeningHours;
export type Weekday = keyof Hours;
export type Interval = NonNullable<Hours[Weekday]>[number];
export type Service = ServiceItem;
export type BusinessInfo = BusinessInfoSchema;
export type Forwarding = ForwardingCodes;
export type PhoneConfig = PhoneConfigSchema;
export type CallerResponses = CallerResponsesSchema;
export type CalendarIntegration = CalendarIntegrationSchema;
export type DocumentInfo = DocumentView;
export type OnboardingState = OnboardingView;

export type Dashboard = z.infer<typeof DashboardSchema>;
export type CallSummary = CallSummarySchema;
export type Turn = z.infer<typeof TurnSchema>;
export type CallDetail = CallDetailSchema;
export type Appointment = NonNullable<CallDetail['appointment']>;

export type NotificationPrefs = OwnerAlerts;
export type Settings = SettingsSchema;
export type Billing = z.infer<typeof BillingOverview>;
export type Ticket = z.infer<typeof TicketSchema>;

/** The week as the portal lists it (Monday first), with the names it shows. */
export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
