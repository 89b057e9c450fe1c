import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

export const ORDER_STATUSES = ['created', 'completed', 'declined', 'refunded', 'reversed'] as const;

export const OrderRow = z.object({
  id: z.string(),
  plan: z.enum(['starter', 'pro', 'business']),
  amount_cents: z.number(),
  currency: z.string(),
  email: z.string(),
  business_name: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  customer_id: z.uuid().nullable(),
  capture_id: z.string().nullable(),
  portal_token_enc: z.instanceof(Buffer).nullable(),
  created_at: z.number(),
  captured_at: z.number().nullable(),
});
export type OrderRow = z.infer<typeof OrderRow>;

export interface NewOrder {
  id: string;
  plan: OrderRow['plan'];
  amountCents: number;
  currency: string;
  email: string;
  businessName: string | null;
}

export async function insertOrder(db: CommonQueryMethods, order: NewOrder): Promise<OrderRow> {
  return db.one(sql.type(OrderRow)`
    INSERT INTO paypal_orders (id, plan, amount_cents, currency, email, business_name, status)
    VALUES (${order.id}, ${order.plan}, ${order.amountCents}, ${order.currency}, ${order.email},
            ${order.businessName}, 'created')
    RETURNING *`);
}

export async function findOrder(db: CommonQueryMethods, id: string): Promise<OrderRow | null> {
  return db.maybeOne(sql.type(OrderRow)`SELECT * FROM paypal_orders WHERE id = ${id}`);
}

/**
 * Locks the order row until the transaction ends: concurrent captures and webhooks for one order
 * queue up here, and whoever comes second sees the first one's customer.
 */
export async function lockOrder(db: CommonQueryMethods, id: string): Promise<OrderRow | null> {
  return db.maybeOne(sql.type(OrderRow)`SELECT * FROM paypal_orders WHERE id = ${id} FOR UPDATE`);
}

export async function findOrderByCapture(
  db: CommonQueryMethods,
  captureId: string,
): Promise<OrderRow | null> {
  return db.maybeOne(sql.type(OrderRow)`SELECT * FROM paypal_orders WHERE capture_id = ${captureId}`);
}

export async function markOrderCompleted(
  db: CommonQueryMethods,
  input: { id: string; customerId: string; captureId: string; portalTokenEnc: Buffer },
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE paypal_orders
    SET status = 'completed', customer_id = ${input.customerId}, capture_id = ${input.captureId},
        portal_token_enc = ${sql.binary(input.portalTokenEnc)}, captured_at = now()
    WHERE id = ${input.id} AND customer_id IS NULL`);
}

/** Records a decline; only an order that never completed can be declined. */
export async function markOrderDeclined(db: CommonQueryMethods, id: string): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE paypal_orders SET status = 'declined' WHERE id = ${id} AND customer_id IS NULL`);
}

export async function setOrderStatus(
  db: CommonQueryMethods,
  id: string,
  status: 'refunded' | 'reversed',
): Promise<void> {
  await db.query(sql.unsafe`UPDATE paypal_orders SET status = ${status} WHERE id = ${id}`);
}
