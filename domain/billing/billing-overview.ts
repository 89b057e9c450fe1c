import { findCustomer } from '../../db/customers.ts';
import { listPayments } from '../../db/payments.ts';
import type { CommonQueryMethods } from '../../db/pool.ts';
import { notFound } from '../../lib/errors.ts';
import { findPlan } from './plans.ts';
import { nextRenewal } from './renewal.ts';

/** The billing page: plan, account status, payments (newest first) and the next renewal. */
export async function billingOverview(db: CommonQueryMethods, customerId: string, nowMs = Date.now()) {
  const customer = await findCustomer(db, customerId);
  if (!customer) throw notFound('Customer');
  const payments = await listPayments(db, customer.id);
  const plan = findPlan(customer.subscription_plan)!;
  // Renewal counts from the first completed payment; none (or a paused account) means none due.
  const first = payments.filter((p) => p.status === 'completed').at(-1);
  const renewal = first && customer.status === 'active' ? nextRenewal(first.created_at, nowMs) : null;
  return {
    plan: {
      id: plan.id,
      name: plan.name,
      priceCents: plan.priceCents,
      currency: plan.currency,
      includedMinutes: plan.includedMinutes,
    },
    status: customer.status,
    payments: payments.map((p) => ({
      id: p.id,
      amountCents: p.amount_cents,
      currency: p.currency,
      status: p.status,
      createdAt: new Date(p.created_at).toISOString(),
    })),
    nextRenewal: renewal === null ? null : new Date(renewal).toISOString(),
  };
}
