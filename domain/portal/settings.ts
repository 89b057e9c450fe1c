import { z } from 'zod';
import { BusinessInfo, BusinessInfoInput, CallerResponses, PhoneConfig } from '../../lib/business-schemas.ts';
import {
  EmailAlerts,
  type OwnerAlerts,
  OwnerAlerts as OwnerAlertsSchema,
  readOwnerAlerts,
  SmsAlerts,
} from '../../lib/owner-alerts.ts';

/**
 * Portal settings: the onboarding answers (validated with the onboarding step schemas, so the
 * settings page and the wizard can never disagree) plus notification preferences.
 */
export const Settings = z.object({
  businessInfo: BusinessInfo.nullable(),
  callerResponses: CallerResponses.nullable(),
  notifications: OwnerAlertsSchema,
  forwarding: PhoneConfig.nullable(),
});
export type Settings = z.infer<typeof Settings>;

/**
 * A partial of Settings. `forwarding` is accepted so a page may send back what it read, but ignored:
 * it is derived from the phone step (receptionist number, carrier codes), not edited here.
 */
export const SettingsUpdate = z
  .object({
    businessInfo: z.record(z.string(), z.unknown()).optional(),
    callerResponses: z.record(z.string(), z.unknown()).optional(),
    notifications: z
      .object({
        email: EmailAlerts.partial().strict().optional(),
        sms: SmsAlerts.partial().strict().optional(),
      })
      .strict()
      .optional(),
    forwarding: z.unknown().optional(),
  })
  .strict();
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

export interface StoredSettings {
  businessInfo: Record<string, unknown> | null;
  callerResponses: Record<string, unknown> | null;
  settings: Record<string, unknown>;
  phoneConfig: Record<string, unknown> | null;
}

/** Stored JSON is read leniently: a value that no longer fits the schema shows as not set. */
export function readSettings(s: StoredSettings): Settings {
  const info = BusinessInfo.safeParse(s.businessInfo);
  const responses = CallerResponses.safeParse(s.callerResponses);
  const phone = PhoneConfig.safeParse(s.phoneConfig);
  return {
    businessInfo: info.success ? info.data : null,
    callerResponses: responses.success ? responses.data : null,
    notifications: readOwnerAlerts(s.settings.notifications),
    forwarding: phone.success ? phone.data : null,
  };
}

export interface FieldIssue {
  field: string;
  message: string;
}

export type MergeResult =
  | {
      ok: true;
      businessInfo?: BusinessInfo;
      callerResponses?: z.infer<typeof CallerResponses>;
      notifications?: OwnerAlerts;
    }
  | { ok: false; issues: FieldIssue[] };

const issuesOf = (prefix: string, error: z.ZodError): FieldIssue[] =>
  error.issues.map((i) => ({ field: [prefix, ...i.path.map(String)].join('.'), message: i.message }));

/**
 * Merges a partial update over what is stored and validates the result as a whole (a change to one
 * field can make another invalid, e.g. hours that no longer leave an open day).
 */
export function mergeSettings(current: Settings, update: SettingsUpdate): MergeResult {
  const issues: FieldIssue[] = [];
  const out: Extract<MergeResult, { ok: true }> = { ok: true };
  if (update.businessInfo) {
    const parsed = BusinessInfoInput.safeParse({ ...(current.businessInfo ?? {}), ...update.businessInfo });
    if (parsed.success) out.businessInfo = parsed.data;
    else issues.push(...issuesOf('body.businessInfo', parsed.error));
  }
  if (update.callerResponses) {
    const parsed = CallerResponses.safeParse({
      ...(current.callerResponses ?? {}),
      ...update.callerResponses,
    });
    if (parsed.success) out.callerResponses = parsed.data;
    else issues.push(...issuesOf('body.callerResponses', parsed.error));
  }
  if (update.notifications) {
    out.notifications = {
      email: { ...current.notifications.email, ...update.notifications.email },
      sms: { ...current.notifications.sms, ...update.notifications.sms },
    };
  }
  return issues.length > 0 ? { ok: false, issues } : out;
}
