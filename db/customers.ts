import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

export const PLANS = ['starter', 'pro', 'business'] as const;
export const CUSTOMER_STATUSES = ['active', 'trial', 'paused', 'cancelled'] as const;

export const CustomerRow = z.object({
  id: z.uuid(),
  email: z.string(),
  business_name: z.string(),
  industry: z.string().nullable(),
  profession: z.string().nullable(),
  phone_number: z.string().nullable(),
  subscription_plan: z.enum(PLANS),
  status: z.enum(CUSTOMER_STATUSES),
  receptionist_live: z.boolean(),
  settings: z.record(z.string(), z.unknown()),
  created_at: z.number(),
  updated_at: z.number(),
});
export type CustomerRow = z.infer<typeof CustomerRow>;

export interface NewCustomer {
  email: string;
  businessName: string;
  plan: (typeof PLANS)[number];
  status: (typeof CUSTOMER_STATUSES)[number];
}

/** Creates the customer and its onboarding state together; call inside a transaction. */
export async function createCustomer(db: CommonQueryMethods, input: NewCustomer): Promise<CustomerRow> {
  const customer = await db.one(sql.type(CustomerRow)`
    INSERT INTO customers (email, business_name, subscription_plan, status)
    VALUES (${input.email}, ${input.businessName}, ${input.plan}, ${input.status})
    RETURNING *`);
  await db.query(sql.unsafe`INSERT INTO onboarding_states (customer_id) VALUES (${customer.id})`);
  return customer;
}

export async function findCustomer(db: CommonQueryMethods, id: string): Promise<CustomerRow | null> {
  return db.maybeOne(sql.type(CustomerRow)`SELECT * FROM customers WHERE id = ${id}`);
}

export async function findCustomersByEmail(
  db: CommonQueryMethods,
  email: string,
): Promise<readonly CustomerRow[]> {
  return db.any(sql.type(CustomerRow)`
    SELECT * FROM customers WHERE lower(email) = lower(${email}) ORDER BY created_at`);
}
