import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

/**
 * What the portal's settings page and dashboard read about a customer: onboarding answers (which
 * the receptionist reads at the start of every call) and customers.settings (notification choices).
 */
const Obj = z.record(z.string(), z.unknown());
const CustomerSettingsRow = z.object({
  status: z.string(),
  receptionist_live: z.boolean(),
  settings: Obj,
  business_info: Obj.nullable(),
  caller_responses: Obj.nullable(),
  phone_config: Obj.nullable(),
  time_zone: z.string().nullable(),
});
export type CustomerSettingsRow = z.infer<typeof CustomerSettingsRow>;

export async function findCustomerSettings(
  db: CommonQueryMethods,
  customerId: string,
  options: { forUpdate?: boolean } = {},
): Promise<CustomerSettingsRow | null> {
  const lock = options.forUpdate ? sql.fragment`FOR UPDATE OF c, o` : sql.fragment``;
  return db.maybeOne(sql.type(CustomerSettingsRow)`
    SELECT c.status, c.receptionist_live, c.settings, o.business_info, o.caller_responses,
      o.phone_config, o.business_info->>'timeZone' AS time_zone
    FROM customers c JOIN onboarding_states o ON o.customer_id = c.id
    WHERE c.id = ${customerId}
    ${lock}`);
}

export interface SettingsWrite {
  businessInfo?: Record<string, unknown>;
  callerResponses?: Record<string, unknown>;
  notifications?: Record<string, unknown>;
}

/**
 * Writes the changed parts; call inside a transaction. The business name and industry are mirrored
 * onto customers (lists and exports filter by them). Portal overrides once kept in
 * customers.settings are dropped: onboarding_states now holds the owner's latest answers.
 */
export async function saveSettings(
  db: CommonQueryMethods,
  customerId: string,
  w: SettingsWrite,
): Promise<void> {
  if (w.businessInfo || w.callerResponses) {
    await db.query(sql.unsafe`
      UPDATE onboarding_states SET
        business_info = coalesce(${w.businessInfo ? sql.jsonb(w.businessInfo as never) : null}::jsonb, business_info),
        caller_responses = coalesce(${w.callerResponses ? sql.jsonb(w.callerResponses as never) : null}::jsonb, caller_responses)
      WHERE customer_id = ${customerId}`);
  }
  const name = typeof w.businessInfo?.name === 'string' ? w.businessInfo.name : null;
  const industry = typeof w.businessInfo?.industry === 'string' ? w.businessInfo.industry : null;
  const profession =
    w.businessInfo && 'profession' in w.businessInfo
      ? ((w.businessInfo.profession as string | null) ?? null)
      : null;
  await db.query(sql.unsafe`
    UPDATE customers SET
      settings = (settings - 'businessInfo' - 'callerResponses')
        || ${w.notifications ? sql.jsonb({ notifications: w.notifications } as never) : sql.jsonb({})},
      business_name = coalesce(${name}, business_name),
      industry = coalesce(${industry}, industry),
      profession = CASE WHEN ${w.businessInfo !== undefined} THEN ${profession} ELSE profession END,
      updated_at = now()
    WHERE id = ${customerId}`);
}
