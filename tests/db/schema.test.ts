import { SchemaValidationError, sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCustomer } from '../../db/customers.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const newCustomer = () =>
  createCustomer(db.pool, {
    email: `c${Math.random()}@x.test`,
    businessName: 'Clinic',
    plan: 'starter',
    status: 'active',
  });

describe('schema constraints', () => {
  it('validates every typed row (result parser interceptor)', async () => {
    await expect(
      db.pool.one(sql.type(z.object({ n: z.number() }))`SELECT 'not a number' AS n`),
    ).rejects.toBeInstanceOf(SchemaValidationError);
  });

  it('never lets onboarding progress go down, nor below 14 % per completed step', async () => {
    const customer = await newCustomer();
    await db.pool.query(sql.unsafe`
      UPDATE onboarding_states SET progress = 28, completed_steps = '{1,2}' WHERE customer_id = ${customer.id}`);
    await expect(
      db.pool.query(
        sql.unsafe`UPDATE onboarding_states SET progress = 20 WHERE customer_id = ${customer.id}`,
      ),
    ).rejects.toMatchObject({ constraint: 'onboarding_progress_monotonic' });
    await expect(
      db.pool.query(sql.unsafe`
        UPDATE onboarding_states SET completed_steps = '{1,2,3}' WHERE customer_id = ${customer.id}`),
    ).rejects.toMatchObject({ constraint: 'onboarding_progress_floor' });
    await expect(
      db.pool.query(
        sql.unsafe`UPDATE onboarding_states SET current_step = 8 WHERE customer_id = ${customer.id}`,
      ),
    ).rejects.toThrow();
  });

  it('makes double booking impossible at the database level', async () => {
    const customer = await newCustomer();
    const other = await newCustomer();
    const book = (customerId: string, from: string, to: string) =>
      db.pool.query(sql.unsafe`
        INSERT INTO appointments (customer_id, service, caller_name, starts_at, ends_at)
        VALUES (${customerId}, 'Cleaning', 'Ann', ${from}, ${to})`);
    await book(customer.id, '2026-12-01T10:00:00Z', '2026-12-01T10:30:00Z');
    await expect(book(customer.id, '2026-12-01T10:15:00Z', '2026-12-01T10:45:00Z')).rejects.toMatchObject({
      constraint: 'appointments_no_overlap',
    });
    await book(customer.id, '2026-12-01T10:30:00Z', '2026-12-01T11:00:00Z');
    await book(other.id, '2026-12-01T10:00:00Z', '2026-12-01T10:30:00Z');
    await db.pool.query(sql.unsafe`
      UPDATE appointments SET status = 'cancelled' WHERE customer_id = ${customer.id} AND starts_at = '2026-12-01T10:00:00Z'`);
    await book(customer.id, '2026-12-01T10:00:00Z', '2026-12-01T10:30:00Z');
  });

  it('rejects invalid enums and phone numbers', async () => {
    await expect(
      db.pool.query(sql.unsafe`
        INSERT INTO customers (email, subscription_plan, status) VALUES ('a@b.c', 'gold', 'active')`),
    ).rejects.toThrow();
    await expect(
      db.pool.query(sql.unsafe`
        INSERT INTO customers (email, subscription_plan, status, phone_number) VALUES ('a@b.c', 'pro', 'active', '555-1234')`),
    ).rejects.toThrow();
  });
});
