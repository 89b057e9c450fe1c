import { z } from 'zod';
import { customerTickets, openCustomerTicket } from '../../domain/support/tickets.ts';
import { CustomerParams, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';

/** A support ticket as the portal shows it. */
export const Ticket = z.object({
  id: z.uuid(),
  subject: z.string(),
  message: z.string(),
  status: z.enum(['open', 'closed']),
  createdAt: z.string(),
});

export default async function supportRoutes(app: ZodApp) {
  app.get(
    '/api/portal/:customerId/support',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['support'],
        summary: "The customer's support tickets, newest first",
        params: CustomerParams,
        response: { 200: z.object({ tickets: z.array(Ticket) }), ...standardErrors },
      },
    },
    async (request) => ({ tickets: await customerTickets(app.db, request.params.customerId) }),
  );

  app.post(
    '/api/portal/:customerId/support',
    {
      config: { access: 'customer', rateLimit: { max: 10, timeWindow: '10 minutes' } },
      schema: {
        tags: ['support'],
        summary: 'Open a support ticket (support is emailed at once)',
        params: CustomerParams,
        body: z.object({
          subject: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
          message: z
            .string()
            .trim()
            .min(1, 'must not be empty')
            .max(10_000, 'must be at most 10000 characters'),
        }),
        response: { 201: z.object({ ticket: Ticket }), ...standardErrors },
      },
    },
    async (request, reply) => {
      const ticket = await openCustomerTicket(
        { pool: app.db, queues: app.queues, log: request.log, supportEmail: app.config.email.supportEmail },
        request.params.customerId,
        request.body,
      );
      return reply.status(201).send({ ticket });
    },
  );
}
