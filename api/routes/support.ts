import { z } from 'zod';
import { findCustomer } from '../../db/customers.ts';
import { queueNotification } from '../../db/notifications.ts';
import { listTickets, openTicket, type TicketRow } from '../../db/support-tickets.ts';
import { dispatchNotifications } from '../../jobs/outbox.ts';
import { notFound } from '../../lib/errors.ts';
import { CustomerParams, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';

const Ticket = z.object({
  id: z.uuid(),
  subject: z.string(),
  message: z.string(),
  status: z.enum(['open', 'closed']),
  createdAt: z.string(),
});

const toTicket = (t: TicketRow) => ({
  id: t.id,
  subject: t.subject,
  message: t.message,
  status: t.status,
  createdAt: new Date(t.created_at).toISOString(),
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
    async (request) => ({ tickets: (await listTickets(app.db, request.params.customerId)).map(toTicket) }),
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
      const { customerId } = request.params;
      const { ticket, notificationId } = await app.db.transaction(async (tx) => {
        const customer = await findCustomer(tx, customerId);
        if (!customer) throw notFound('Customer');
        const ticket = await openTicket(tx, { customerId, ...request.body, origin: 'customer' });
        const n = await queueNotification(tx, {
          customerId,
          channel: 'email',
          template: 'support_escalation',
          recipient: app.config.email.supportEmail,
          payload: {
            ticketId: ticket.id,
            businessName: customer.business_name,
            customerEmail: customer.email,
            subject: ticket.subject,
            message: ticket.message,
            origin: 'customer',
          },
          idempotencyKey: `support-ticket:${ticket.id}`,
        });
        return { ticket, notificationId: n.id };
      });
      await dispatchNotifications(app.queues, [notificationId]).catch((err: unknown) =>
        request.log.warn({ err }, 'enqueue failed; the outbox sweeper will send'),
      );
      return reply.status(201).send({ ticket: toTicket(ticket) });
    },
  );
}
