import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

export const TicketRow = z.object({
  id: z.uuid(),
  customer_id: z.uuid().nullable(),
  subject: z.string(),
  message: z.string(),
  origin: z.enum(['customer', 'system']),
  status: z.enum(['open', 'closed']),
  source_ref: z.string().nullable(),
  created_at: z.number(),
});
export type TicketRow = z.infer<typeof TicketRow>;

export interface NewTicket {
  customerId: string | null;
  subject: string;
  message: string;
  origin: 'customer' | 'system';
  /** What caused a system ticket; the same cause never opens a second ticket. */
  sourceRef?: string;
}

/** Opens a ticket; with a sourceRef already used, returns the existing ticket instead. */
export async function openTicket(db: CommonQueryMethods, t: NewTicket): Promise<TicketRow> {
  const inserted = await db.maybeOne(sql.type(TicketRow)`
    INSERT INTO support_tickets (customer_id, subject, message, origin, source_ref)
    VALUES (${t.customerId}, ${t.subject}, ${t.message}, ${t.origin}, ${t.sourceRef ?? null})
    ON CONFLICT (source_ref) DO NOTHING
    RETURNING *`);
  return (
    inserted ??
    db.one(sql.type(TicketRow)`SELECT * FROM support_tickets WHERE source_ref = ${t.sourceRef ?? null}`)
  );
}

export async function listTickets(db: CommonQueryMethods, customerId: string): Promise<readonly TicketRow[]> {
  return db.any(sql.type(TicketRow)`
    SELECT * FROM support_tickets WHERE customer_id = ${customerId} ORDER BY created_at DESC, id`);
}

export async function findTicketBySource(
  db: CommonQueryMethods,
  sourceRef: string,
): Promise<TicketRow | null> {
  return db.maybeOne(sql.type(TicketRow)`SELECT * FROM support_tickets WHERE source_ref = ${sourceRef}`);
}
