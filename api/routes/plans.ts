import { z } from 'zod';
import { PLAN_IDS, PLANS } from '../../domain/billing/plans.ts';
import type { ZodApp } from '../zod-app.ts';

export const PlanSchema = z.object({
  id: z.enum(PLAN_IDS),
  name: z.string(),
  priceCents: z.number().int(),
  currency: z.literal('USD'),
  includedMinutes: z.number().int(),
  features: z.array(z.string()),
});

export default async function planRoutes(app: ZodApp) {
  app.get(
    '/api/plans',
    {
      config: { access: 'public' },
      schema: {
        tags: ['billing'],
        summary: 'The plan catalogue (monthly prices in cents)',
        response: { 200: z.object({ plans: z.array(PlanSchema) }) },
      },
    },
    async () => ({ plans: PLANS.map((p) => ({ ...p, features: [...p.features] })) }),
  );
}
