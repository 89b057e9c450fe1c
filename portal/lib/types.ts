/** The API contracts the portal reads, as the server answers them (times are epoch ms). */

export interface Plan {
  id: string;
  name: string;
  priceCents: number;
  currency: string;
  includedMinutes: number;
  features: string[];
}

export interface PaypalConfig {
  mode: 'emulator' | 'paypal';
  clientId: string | null;
  currency: string;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
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

export interface Interval {
  open: string;
  close: string;
}
export type Hours = Partial<Record<Weekday, Interval[]>>;

export interface Service {
  name: string;
  durationMin: number;
  priceCents: number | null;
  currency?: string;
}

export interface BusinessInfo {
  name: string;
  industry: string;
  profession?: string | null;
  phone: string;
  services: Service[];
  hours: Hours;
  timeZone: string;
  address?: string | null;
}

export interface Forwarding {
  unconditional: string;
  busy: string;
  noAnswer: string;
  disable: string;
}

export interface PhoneConfig {
  businessPhone: string;
  twilioNumber: string;
  smsEnabled: boolean;
  carrier: string;
  forwarding: Forwarding;
}

export interface CallerResponses {
  greeting: string;
  instructions: string;
}

export interface CalendarIntegration {
  provider: 'google' | 'outlook' | 'builtin' | null;
  status: string;
  accountEmail?: string;
}

export interface DocumentInfo {
  id: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  source: 'business_info' | 'caller_responses';
  createdAt: number;
}

export interface OnboardingState {
  businessName: string;
  currentStep: number;
  progress: number;
  completedSteps: number[];
  businessInfo: BusinessInfo | null;
  phoneConfig: PhoneConfig | null;
  callerResponses: CallerResponses | null;
  calendarIntegration: CalendarIntegration | null;
  demoCompleted: boolean;
  documents: DocumentInfo[];
  review: { missing: string[] };
  live: boolean;
}

export interface Dashboard {
  callsToday: number;
  callsThisWeek: number;
  callsThisMonth: number;
  answered: number;
  missed: number;
  appointmentsBooked: number;
  avgCallDurationMs: number | null;
  busiestHours: { hour: number; calls: number }[];
  daily: { date: string; calls: number; booked: number }[];
  receptionist: { live: boolean; status: string };
}

export interface CallSummary {
  id: string;
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  fromNumber: string | null;
  callType: string;
  outcome: string;
  appointmentBooked: boolean;
  turnCount: number;
  summary: string | null;
}

export interface Turn {
  index: number;
  createdAt: number;
  userText: string;
  aiText: string;
  sttProvider: string | null;
  ttsProvider: string | null;
  llmProvider: string | null;
  latency: { totalMs?: number; sttMs?: number; llmMs?: number; ttsMs?: number };
  failovers: unknown[];
  hasUserAudio: boolean;
  hasAiAudio: boolean;
  interrupted: boolean;
}

export interface Appointment {
  id?: string;
  service: string;
  callerName?: string;
  callerPhone?: string | null;
  startsAt: number;
  endsAt: number;
  status?: string;
}

export interface CallDetail {
  call: CallSummary;
  turns: Turn[];
  appointment: Appointment | null;
}

export interface NotificationPrefs {
  email: { newAppointment: boolean; callSummary: boolean; messageTaken: boolean; errors: boolean };
  sms: { newAppointment: boolean; messageTaken: boolean };
}

export interface Settings {
  businessInfo: BusinessInfo | null;
  callerResponses: CallerResponses | null;
  notifications: NotificationPrefs;
  forwarding: PhoneConfig | null;
}

export interface Billing {
  plan: { id: string; name: string; priceCents: number; currency: string; includedMinutes: number };
  status: string;
  payments: { id: string; amountCents: number; currency: string; status: string; createdAt: number }[];
  nextRenewal: number | null;
}

export interface Ticket {
  id: string;
  subject: string;
  message: string;
  status: string;
  createdAt: number;
}
