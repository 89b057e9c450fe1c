import { sql } from 'slonik';
import { z } from 'zod';
import type { BusinessProfile } from '../lib/business-profile.ts';
import { BusinessInfo, CallerResponses, SettingsOverrides } from '../lib/business-schemas.ts';
import { readOwnerAlerts } from '../lib/owner-alerts.ts';
import type { CommonQueryMethods } from './pool.ts';

const ProfileRow = z.object({
  customer_id: z.uuid(),
  email: z.string(),
  business_name: z.string(),
  industry: z.string().nullable(),
  profession: z.string().nullable(),
  phone_number: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  business_info: BusinessInfo.nullable().catch(null),
  caller_responses: CallerResponses.nullable().catch(null),
  sms_enabled: z.boolean().nullable(),
});

/** Where a business that has not entered hours yet is assumed to be. */
const DEFAULT_TIME_ZONE = 'America/New_York';

/**
 * What the receptionist knows about one business: onboarding answers, overridden by anything the
 * owner changed later in portal settings (customers.settings.businessInfo / .callerResponses),
 * plus whether SMS is on for its number. Null when the customer does not exist.
 */
export async function loadBusinessProfile(
  db: CommonQueryMethods,
  customerId: string,
): Promise<BusinessProfile | null> {
  const row = await db.maybeOne(sql.type(ProfileRow)`
    SELECT c.id AS customer_id, c.email, c.business_name, c.industry, c.profession, c.phone_number,
           c.settings, o.business_info, o.caller_responses,
           (SELECT p.sms_enabled FROM phone_numbers p
             WHERE p.customer_id = c.id AND p.status <> 'released'
             ORDER BY p.created_at DESC LIMIT 1) AS sms_enabled
    FROM customers c LEFT JOIN onboarding_states o ON o.customer_id = c.id
    WHERE c.id = ${customerId}`);
  if (!row) return null;
  const overrides = SettingsOverrides.parse(row.settings);
  const info = { ...row.business_info, ...overrides.businessInfo };
  const responses = { ...row.caller_responses, ...overrides.callerResponses };
  return {
    customerId: row.customer_id,
    businessName: info.name || row.business_name,
    industry: info.industry ?? row.industry,
    profession: info.profession ?? row.profession,
    ownerPhone: info.phone ?? row.phone_number,
    ownerEmail: row.email,
    timeZone: info.timeZone ?? DEFAULT_TIME_ZONE,
    address: info.address ?? null,
    services: info.services ?? [],
    hours: info.hours ?? {},
    greeting: responses.greeting ?? null,
    instructions: joinInstructions(responses),
    smsEnabled: row.sms_enabled ?? false,
    alerts: readOwnerAlerts((row.settings as { notifications?: unknown }).notifications),
  };
}

/** The agent reads one instructions text; the separate step-3 answers are labelled inside it. */
function joinInstructions(r: Partial<CallerResponses>): string | null {
  const parts = [
    r.instructions,
    r.questionsToAsk ? `Ask callers: ${r.questionsToAsk}` : undefined,
    r.neverPromise ? `Never promise: ${r.neverPromise}` : undefined,
    r.transferPolicy ? `Transfers: ${r.transferPolicy}` : undefined,
  ].filter((p): p is string => Boolean(p?.trim()));
  return parts.length > 0 ? parts.join('\n') : null;
}
