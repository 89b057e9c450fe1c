import { z } from 'zod';
import { findCustomer } from '../../db/customers.ts';
import { listPayments } from '../../db/payments.ts';
import { findPlan } from '../../domain/billing/plans.ts';
import { nextRenewal } from '../../domain/billing/renewal.ts';
import { notFound } from '../../lib/errors.ts';
import { CustomerParams, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';
import { PlanSchema } from './plans.ts';

export default async function billingRoutes(app: ZodApp) {
  app.get(
    '/api/portal/:customerId/billing',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['billing'],
        summary: "The customer's plan, status, payments and next renewal",
        params: CustomerParams,
        response: {
          200: z.object({
            plan: PlanSchema.omit({ features: true }),
            status: z.enum(['active', 'trial', 'paused', 'cancelled']),
            payments: z.array(
              z.object({
                id: z.uuid(),
                amountCents: z.number().int(),
                currency: z.string(),
                status: z.enum(['completed', 'refunded', 'reversed', 'denied']),
                createdAt: z.string(),
              }),
            ),
            nextRenewal: z.string().nullable(),
          }),
          ...standardErrors,
        },
      },
    },
    async (request) => {
      const customer = await findCustomer(app.db, request.params.customerId);
      if (!customer) throw notFound('Customer');
      const payments = await listPayments(app.db, customer.id);
      const plan = findPlan(customer.subscription_plan)!;
      // Renewal counts from the first completed payment; none (or a paused account) means none due.
      const first = payments.filter((p) => p.status === 'completed').at(-1);
      const renewal =
        first && customer.status === 'active' ? nextRenewal(first.created_at, Date.now()) : null;
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
    },
  );
}
