import { z } from 'zod';
import { billingOverview } from '../../domain/billing/billing-overview.ts';
import { CustomerParams, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';
import { PlanSchema } from './plans.ts';

/** The billing page's data (the portal reads this type). */
export const BillingOverview = z.object({
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
});

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
          200: BillingOverview,
          ...standardErrors,
        },
      },
    },
    async (request) => billingOverview(app.db, request.params.customerId),
  );
}
