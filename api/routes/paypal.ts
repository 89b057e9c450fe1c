import { z } from 'zod';
import { handlePayPalWebhook } from '../../domain/billing/paypal-webhooks.ts';
import { PLAN_IDS } from '../../domain/billing/plans.ts';
import { capturePlanOrder, createPlanOrder, type PurchaseDeps } from '../../domain/billing/purchase.ts';
import { ErrorBody, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';

const OrderId = z.string().regex(/^[A-Za-z0-9-]{5,64}$/, 'must be a PayPal order id');
const paymentErrors = { ...standardErrors, 402: ErrorBody, 409: ErrorBody, 502: ErrorBody, 503: ErrorBody };

/** How the portal should take payment (the portal reads this type). */
export const PayPalConfigSchema = z.object({
  mode: z.enum(['emulator', 'paypal']),
  clientId: z.string().nullable(),
  currency: z.literal('USD'),
});

export default async function paypalRoutes(app: ZodApp) {
  const deps = (): PurchaseDeps => ({
    config: app.config,
    pool: app.db,
    queues: app.queues,
    paypal: app.paypal,
    logger: app.log,
  });

  app.get(
    '/api/paypal/config',
    {
      config: { access: 'public' },
      schema: {
        tags: ['billing'],
        summary: 'How the portal should take payment (PayPal buttons or the local emulator)',
        response: {
          200: PayPalConfigSchema,
        },
      },
    },
    async () => ({
      mode: app.paypal?.mode ?? ('paypal' as const),
      clientId: app.paypal?.clientId ?? null,
      currency: 'USD' as const,
    }),
  );

  app.post(
    '/api/paypal/create-order',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '10 minutes' } },
      schema: {
        tags: ['billing'],
        summary: 'Create a PayPal order for a plan (the price comes from the catalogue)',
        body: z.object({
          plan: z.enum(PLAN_IDS, 'must be starter, pro or business'),
          email: z.email('must be an email address').max(254),
          businessName: z.string().trim().max(200, 'must be at most 200 characters').optional(),
        }),
        response: {
          201: z.object({ orderId: z.string(), approveUrl: z.string().nullable() }),
          ...paymentErrors,
        },
      },
    },
    async (request, reply) => {
      const created = await createPlanOrder(deps(), request.body);
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/paypal/capture-order',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '10 minutes' } },
      schema: {
        tags: ['billing'],
        summary: 'Capture an approved order; creates the account once (retries return the same one)',
        body: z.object({ orderId: OrderId }),
        response: {
          200: z.object({ customerId: z.uuid(), portalUrl: z.string() }),
          ...paymentErrors,
        },
      },
    },
    async (request) => {
      const done = await capturePlanOrder(deps(), request.body.orderId);
      return { customerId: done.customerId, portalUrl: done.portalUrl };
    },
  );

  app.post(
    '/api/paypal/verify-webhook',
    {
      config: { access: 'webhook' },
      schema: {
        tags: ['billing'],
        summary: 'PayPal webhooks (verified through verify-webhook-signature)',
        body: z.record(z.string(), z.unknown()),
        response: {
          200: z.object({ status: z.enum(['processed', 'duplicate', 'ignored']) }),
          400: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (request) => {
      const status = await handlePayPalWebhook(deps(), { headers: request.headers, body: request.body });
      return { status };
    },
  );
}
