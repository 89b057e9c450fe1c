import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

export const PhoneNumberRow = z.object({
  id: z.uuid(),
  customer_id: z.uuid(),
  e164: z.string(),
  twilio_sid: z.string().nullable(),
  status: z.enum(['pending', 'active', 'released']),
  sms_enabled: z.boolean(),
  created_at: z.number(),
});
export type PhoneNumberRow = z.infer<typeof PhoneNumberRow>;

/** The customer's current (not released) receptionist number, if any. */
export async function findCustomerNumber(
  db: CommonQueryMethods,
  customerId: string,
): Promise<PhoneNumberRow | null> {
  return db.maybeOne(sql.type(PhoneNumberRow)`
    SELECT * FROM phone_numbers WHERE customer_id = ${customerId} AND status <> 'released'
    ORDER BY created_at DESC LIMIT 1`);
}

/** Which customer a dialled number belongs to (the voice webhook's lookup). */
export async function findNumberByE164(db: CommonQueryMethods, e164: string): Promise<PhoneNumberRow | null> {
  return db.maybeOne(sql.type(PhoneNumberRow)`
    SELECT * FROM phone_numbers WHERE e164 = ${e164} AND status <> 'released'`);
}

export async function insertPhoneNumber(
  db: CommonQueryMethods,
  input: { customerId: string; e164: string; twilioSid: string | null; smsEnabled: boolean },
): Promise<PhoneNumberRow> {
  return db.one(sql.type(PhoneNumberRow)`
    INSERT INTO phone_numbers (customer_id, e164, twilio_sid, status, sms_enabled)
    VALUES (${input.customerId}, ${input.e164}, ${input.twilioSid}, 'pending', ${input.smsEnabled})
    RETURNING *`);
}

export async function setSmsEnabled(db: CommonQueryMethods, id: string, smsEnabled: boolean): Promise<void> {
  await db.query(sql.unsafe`UPDATE phone_numbers SET sms_enabled = ${smsEnabled} WHERE id = ${id}`);
}

/** Go-live: the customer's pending number starts taking calls. Idempotent. */
export async function activateCustomerNumbers(db: CommonQueryMethods, customerId: string): Promise<number> {
  const result = await db.query(sql.unsafe`
    UPDATE phone_numbers SET status = 'active' WHERE customer_id = ${customerId} AND status = 'pending'`);
  return result.rowCount;
}

/** Development pool numbers already handed out that match a prefix (to pick the next free one). */
export async function usedNumbersWithPrefix(
  db: CommonQueryMethods,
  prefix: string,
): Promise<readonly string[]> {
  return db.anyFirst(sql.type(z.object({ e164: z.string() }))`
    SELECT e164 FROM phone_numbers WHERE e164 LIKE ${`${prefix}%`}`);
}
