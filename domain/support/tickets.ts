import { findCustomer } from '../../db/customers.ts';
import type { CommonQueryMethods } from '../../db/pool.ts';
import { listTickets, openTicket, type TicketRow } from '../../db/support-tickets.ts';
import { commitWithOutbox, type OutboxDeps } from '../../jobs/outbox.ts';
import { notFound } from '../../lib/errors.ts';

export interface TicketView {
  id: string;
  subject: string;
  message: string;
  status: 'open' | 'closed';
  createdAt: string;
}

const toTicket = (t: TicketRow): TicketView => ({
  id: t.id,
  subject: t.subject,
  message: t.message,
  status: t.status,
  createdAt: new Date(t.created_at).toISOString(),
});

/** The customer's own support tickets, newest first. */
export async function customerTickets(db: CommonQueryMethods, customerId: string): Promise<TicketView[]> {
  return (await listTickets(db, customerId)).map(toTicket);
}

/** Opens a ticket and emails support about it in the same transaction (through the outbox). */
export async function openCustomerTicket(
  deps: OutboxDeps & { supportEmail: string },
  customerId: string,
  input: { subject: string; message: string },
): Promise<TicketView> {
  const ticket = await commitWithOutbox(deps, async (tx, outbox) => {
    const customer = await findCustomer(tx, customerId);
    if (!customer) throw notFound('Customer');
    const ticket = await openTicket(tx, { customerId, ...input, origin: 'customer' });
    await outbox.queue({
      customerId,
      channel: 'email',
      template: 'support_escalation',
      recipient: deps.supportEmail,
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
    return ticket;
  });
  return toTicket(ticket);
}
