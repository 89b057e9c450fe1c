import { z } from 'zod';
import { email, formatWhen, type RenderedEmail } from './layout.ts';

/**
 * Email (HTML + plain text) and SMS templates. Each payload is validated loosely: producers may
 * add fields, but a missing required one fails the job at once (a retry would not help).
 */
export const TEMPLATE_NAMES = [
  'welcome',
  'login_link',
  'onboarding_step_completed',
  'go_live',
  'new_appointment',
  'call_summary',
  'error_notice',
  'support_escalation',
  'message_taken',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export class TemplateError extends Error {}

const name = z.string().max(200).optional();
const when = z.union([z.number(), z.string()]);
const schemas = {
  welcome: z.object({ businessName: name, planName: name, portalUrl: z.url() }).loose(),
  login_link: z.object({ businessName: name, url: z.url() }).loose(),
  onboarding_step_completed: z
    .object({
      businessName: name,
      step: z.coerce.number().int(),
      stepName: name,
      progress: z.number().optional(),
    })
    .loose(),
  go_live: z
    .object({ businessName: name, phoneNumber: z.string().optional(), portalUrl: z.string().optional() })
    .loose(),
  new_appointment: z
    .object({
      businessName: name,
      callerName: z.string(),
      callerPhone: z.string().optional(),
      service: z.string().optional(),
      startsAt: when,
      timeZone: z.string().optional(),
    })
    .loose(),
  call_summary: z
    .object({
      businessName: name,
      callerName: z.string().optional(),
      callerPhone: z.string().optional(),
      summary: z.string(),
      outcome: z.string().optional(),
      durationMs: z.number().optional(),
    })
    .loose(),
  error_notice: z.object({ businessName: name, title: z.string().optional(), message: z.string() }).loose(),
  support_escalation: z
    .object({
      ticketId: z.string().optional(),
      subject: z.string(),
      message: z.string(),
      businessName: name,
      customerEmail: z.string().optional(),
      origin: z.string().optional(),
    })
    .loose(),
  message_taken: z
    .object({
      businessName: name,
      callerName: z.string().optional(),
      callerPhone: z.string().optional(),
      message: z.string(),
    })
    .loose(),
} satisfies Record<TemplateName, z.ZodType>;

type Payload<T extends TemplateName> = z.infer<(typeof schemas)[T]>;

function parse<T extends TemplateName>(template: string, payload: unknown): { name: T; data: Payload<T> } {
  if (!(TEMPLATE_NAMES as readonly string[]).includes(template))
    throw new TemplateError(`unknown template ${template}`);
  const result = schemas[template as T].safeParse(payload);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new TemplateError(
      `${template} payload: ${issue?.path.join('.') || 'payload'} ${issue?.message ?? 'invalid'}`,
    );
  }
  return { name: template as T, data: result.data as Payload<T> };
}

const hello = (businessName?: string) => (businessName ? `Hello ${businessName},` : 'Hello,');
const caller = (p: { callerName?: string | undefined; callerPhone?: string | undefined }) =>
  [p.callerName, p.callerPhone].filter(Boolean).join(' · ') || 'Unknown caller';

export function renderEmail(template: string, payload: unknown): RenderedEmail {
  const { name: t, data } = parse(template, payload);
  switch (t) {
    case 'welcome': {
      const d = data as Payload<'welcome'>;
      return email(
        `Welcome to AI Receptionist${d.planName ? ` (${d.planName})` : ''}`,
        'Your account is ready',
        [
          { p: hello(d.businessName) },
          {
            p: 'Thank you for your purchase. Set up your receptionist in a few short steps: business details, phone number, how to answer callers, calendar, and a test call.',
          },
          { button: { label: 'Open your portal', url: d.portalUrl } },
          {
            p: 'This sign-in link works once and expires in 7 days; you can always request a new one from the sign-in page.',
          },
        ],
      );
    }
    case 'login_link': {
      const d = data as Payload<'login_link'>;
      return email('Your sign-in link', 'Sign in to AI Receptionist', [
        { p: hello(d.businessName) },
        { button: { label: 'Sign in', url: d.url } },
        { p: "The link works once and expires in 24 hours. If you didn't ask for it, ignore this email." },
      ]);
    }
    case 'onboarding_step_completed': {
      const d = data as Payload<'onboarding_step_completed'>;
      const step = d.stepName ? `${d.step} (${d.stepName})` : String(d.step);
      return email(`Setup step ${step} completed`, `Step ${step} done`, [
        { p: hello(d.businessName) },
        {
          p: `You completed onboarding step ${step}${d.progress !== undefined ? `; setup is ${d.progress}% done` : ''}.`,
        },
      ]);
    }
    case 'go_live': {
      const d = data as Payload<'go_live'>;
      return email('Your AI receptionist is live', 'You are live', [
        { p: hello(d.businessName) },
        { p: `Your receptionist now answers calls${d.phoneNumber ? ` on ${d.phoneNumber}` : ''}.` },
        ...(d.portalUrl ? [{ button: { label: 'Open the portal', url: d.portalUrl } }] : []),
      ]);
    }
    case 'new_appointment': {
      const d = data as Payload<'new_appointment'>;
      return email(`New appointment: ${d.callerName}`, 'New appointment booked', [
        { p: hello(d.businessName) },
        {
          rows: [
            ['Caller', caller(d)],
            ['Service', d.service ?? '—'],
            ['When', formatWhen(d.startsAt, d.timeZone)],
          ],
        },
      ]);
    }
    case 'call_summary': {
      const d = data as Payload<'call_summary'>;
      const rows: [string, string][] = [['Caller', caller(d)]];
      if (d.outcome) rows.push(['Outcome', d.outcome]);
      if (d.durationMs !== undefined) rows.push(['Duration', `${Math.round(d.durationMs / 1000)} s`]);
      return email('Call summary', 'Call summary', [
        { p: hello(d.businessName) },
        { rows },
        { quote: d.summary },
      ]);
    }
    case 'error_notice': {
      const d = data as Payload<'error_notice'>;
      return email(d.title ?? 'Something needs your attention', d.title ?? 'Something needs your attention', [
        { p: hello(d.businessName) },
        { p: d.message },
      ]);
    }
    case 'support_escalation': {
      const d = data as Payload<'support_escalation'>;
      return email(`[Support${d.origin === 'system' ? ' · system' : ''}] ${d.subject}`, d.subject, [
        {
          rows: [
            ['Ticket', d.ticketId ?? '—'],
            ['Business', d.businessName || '—'],
            ['Customer email', d.customerEmail ?? '—'],
            ['Origin', d.origin ?? 'customer'],
          ],
        },
        { quote: d.message },
      ]);
    }
    case 'message_taken': {
      const d = data as Payload<'message_taken'>;
      return email(`Message from ${caller(d)}`, 'Your receptionist took a message', [
        { p: hello(d.businessName) },
        { rows: [['Caller', caller(d)]] },
        { quote: d.message },
      ]);
    }
  }
  throw new TemplateError(`unknown template ${template}`);
}

/** SMS text (kept under two segments where possible). Templates without an SMS form reuse the subject. */
export function renderSms(template: string, payload: unknown): string {
  const { name: t, data } = parse(template, payload);
  if (t === 'new_appointment') {
    const d = data as Payload<'new_appointment'>;
    return `New appointment: ${caller(d)}${d.service ? `, ${d.service}` : ''}, ${formatWhen(d.startsAt, d.timeZone)}`;
  }
  if (t === 'message_taken') {
    const d = data as Payload<'message_taken'>;
    return `Message from ${caller(d)}: ${d.message}`.slice(0, 300);
  }
  return renderEmail(template, payload).subject;
}
