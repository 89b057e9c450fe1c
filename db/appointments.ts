import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

export const AppointmentRow = z.object({
  id: z.uuid(),
  customer_id: z.uuid(),
  call_id: z.uuid().nullable(),
  service: z.string(),
  caller_name: z.string(),
  caller_phone: z.string().nullable(),
  starts_at: z.number(),
  ends_at: z.number(),
  status: z.enum(['booked', 'cancelled']),
  external_event_id: z.string().nullable(),
  created_at: z.number(),
});
export type AppointmentRow = z.infer<typeof AppointmentRow>;

export interface NewAppointment {
  customerId: string;
  callId: string | null;
  service: string;
  callerName: string;
  callerPhone: string | null;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Books an appointment. Two overlapping bookings for one customer cannot both exist: the
 * appointments_no_overlap exclusion constraint throws CheckExclusionConstraintViolationError.
 */
export async function insertAppointment(db: CommonQueryMethods, a: NewAppointment): Promise<AppointmentRow> {
  return db.one(sql.type(AppointmentRow)`
    INSERT INTO appointments (customer_id, call_id, service, caller_name, caller_phone, starts_at, ends_at)
    VALUES (${a.customerId}, ${a.callId}, ${a.service}, ${a.callerName}, ${a.callerPhone},
            ${sql.timestamp(a.startsAt)}, ${sql.timestamp(a.endsAt)})
    RETURNING *`);
}

export async function findAppointment(
  db: CommonQueryMethods,
  customerId: string,
  id: string,
): Promise<AppointmentRow | null> {
  return db.maybeOne(sql.type(AppointmentRow)`
    SELECT * FROM appointments WHERE id = ${id} AND customer_id = ${customerId}`);
}

export async function setExternalEventId(db: CommonQueryMethods, id: string, eventId: string): Promise<void> {
  await db.query(sql.unsafe`UPDATE appointments SET external_event_id = ${eventId} WHERE id = ${id}`);
}

/** Cancels a booked appointment; returns it (null when not the customer's or already cancelled). */
export async function cancelAppointment(
  db: CommonQueryMethods,
  customerId: string,
  id: string,
): Promise<AppointmentRow | null> {
  return db.maybeOne(sql.type(AppointmentRow)`
    UPDATE appointments SET status = 'cancelled'
    WHERE id = ${id} AND customer_id = ${customerId} AND status = 'booked'
    RETURNING *`);
}

/** Booked appointments overlapping [from, to), oldest first. */
export async function bookedBetween(
  db: CommonQueryMethods,
  customerId: string,
  from: Date,
  to: Date,
): Promise<readonly AppointmentRow[]> {
  return db.any(sql.type(AppointmentRow)`
    SELECT * FROM appointments
    WHERE customer_id = ${customerId} AND status = 'booked'
      AND starts_at < ${sql.timestamp(to)} AND ends_at > ${sql.timestamp(from)}
    ORDER BY starts_at`);
}
