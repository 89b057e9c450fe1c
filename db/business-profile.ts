import { sql } from 'slonik';
import { z } from 'zod';
import { BusinessInfo, CallerResponses } from '../lib/business-schemas.ts';
import type { CommonQueryMethods } from './pool.ts';

export const BusinessProfileRow = z.object({
  customer_id: z.uuid(),
  email: z.string(),
  business_name: z.string(),
  industry: z.string().nullable(),
  profession: z.string().nullable(),
  phone_number: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  // Stored JSON that no longer matches its schema reads as "not entered" rather than failing a call.
  business_info: BusinessInfo.nullable().catch(null),
  caller_responses: CallerResponses.nullable().catch(null),
  sms_enabled: z.boolean().nullable(),
});
export type BusinessProfileRow = z.infer<typeof BusinessProfileRow>;

/** The customer with its onboarding answers, settings and the SMS flag of its current number. */
export async function findBusinessProfileRow(
  db: CommonQueryMethods,
  customerId: string,
): Promise<BusinessProfileRow | null> {
  return db.maybeOne(sql.type(BusinessProfileRow)`
    SELECT c.id AS customer_id, c.email, c.business_name, c.industry, c.profession, c.phone_number,
           c.settings, o.business_info, o.caller_responses,
           (SELECT p.sms_enabled FROM phone_numbers p
             WHERE p.customer_id = c.id AND p.status <> 'released'
             ORDER BY p.created_at DESC LIMIT 1) AS sms_enabled
    FROM customers c LEFT JOIN onboarding_states o ON o.customer_id = c.id
    WHERE c.id = ${customerId}`);
}
