import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

export const PAYMENT_STATUSES = ['completed', 'refunded', 'reversed', 'denied'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PaymentRow = z.object({
  id: z.uuid(),
  customer_id: z.uuid(),
  order_id: z.string(),
  capture_id: z.string(),
  amount_cents: z.number(),
  currency: z.string(),
  status: z.enum(PAYMENT_STATUSES),
  created_at: z.number(),
  updated_at: z.number(),
});
export type PaymentRow = z.infer<typeof PaymentRow>;

/** One payment per PayPal capture (capture_id is unique): recording it twice is a no-op. */
export async function recordPayment(
  db: CommonQueryMethods,
  p: { customerId: string; orderId: string; captureId: string; amountCents: number; currency: string },
): Promise<PaymentRow> {
  const inserted = await db.maybeOne(sql.type(PaymentRow)`
    INSERT INTO payments (customer_id, order_id, capture_id, amount_cents, currency, status)
    VALUES (${p.customerId}, ${p.orderId}, ${p.captureId}, ${p.amountCents}, ${p.currency}, 'completed')
    ON CONFLICT (capture_id) DO NOTHING
    RETURNING *`);
  return inserted ?? db.one(sql.type(PaymentRow)`SELECT * FROM payments WHERE capture_id = ${p.captureId}`);
}

export async function setPaymentStatus(
  db: CommonQueryMethods,
  captureId: string,
  status: PaymentStatus,
): Promise<PaymentRow | null> {
  return db.maybeOne(sql.type(PaymentRow)`
    UPDATE payments SET status = ${status}, updated_at = now()
    WHERE capture_id = ${captureId} RETURNING *`);
}

export async function listPayments(
  db: CommonQueryMethods,
  customerId: string,
): Promise<readonly PaymentRow[]> {
  return db.any(sql.type(PaymentRow)`
    SELECT * FROM payments WHERE customer_id = ${customerId} ORDER BY created_at DESC, id`);
}

/**
 * Pauses a customer whose payment was refunded, reversed or denied. (Written here because it is
 * the payment aggregate's consequence; it only ever moves an active/trial customer to paused.)
 */
export async function pauseCustomerForPayment(db: CommonQueryMethods, customerId: string): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE customers SET status = 'paused', updated_at = now()
    WHERE id = ${customerId} AND status IN ('active', 'trial')`);
}
