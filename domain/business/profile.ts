import { findBusinessProfileRow } from '../../db/business-profile.ts';
import type { CommonQueryMethods } from '../../db/pool.ts';
import type { BusinessProfile } from '../../lib/business-profile.ts';
import { type CallerResponses, SettingsOverrides } from '../../lib/business-schemas.ts';
import { readOwnerAlerts } from '../../lib/owner-alerts.ts';

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
  const row = await findBusinessProfileRow(db, customerId);
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
