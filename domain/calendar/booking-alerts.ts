import { queueNotification } from '../../db/notifications.ts';
import type { CommonQueryMethods } from '../../db/pool.ts';
import type { BusinessProfile } from '../../lib/business-profile.ts';
import { DEFAULT_OWNER_ALERTS } from '../../lib/owner-alerts.ts';

export interface BookedAppointment {
  id: string;
  service: string;
  callerName: string;
  callerPhone: string | null;
  start: Date;
}

/**
 * Queues the owner's "new appointment" alerts (email, and SMS when SMS is on) in the booking's own
 * transaction, so an alert exists exactly when the appointment does. Returns the outbox ids to
 * dispatch after commit.
 */
export async function queueBookingAlerts(
  tx: CommonQueryMethods,
  business: BusinessProfile,
  appointment: BookedAppointment,
): Promise<string[]> {
  const alerts = business.alerts ?? DEFAULT_OWNER_ALERTS;
  const payload = {
    businessName: business.businessName,
    callerName: appointment.callerName,
    ...(appointment.callerPhone ? { callerPhone: appointment.callerPhone } : {}),
    service: appointment.service,
    startsAt: appointment.start.toISOString(),
    timeZone: business.timeZone,
  };
  const ids: string[] = [];
  if (alerts.email.newAppointment) {
    const row = await queueNotification(tx, {
      customerId: business.customerId,
      channel: 'email',
      template: 'new_appointment',
      recipient: business.ownerEmail,
      payload,
      idempotencyKey: `new_appointment:email:${appointment.id}`,
    });
    ids.push(row.id);
  }
  if (alerts.sms.newAppointment && business.smsEnabled && business.ownerPhone) {
    const row = await queueNotification(tx, {
      customerId: business.customerId,
      channel: 'sms',
      template: 'new_appointment',
      recipient: business.ownerPhone,
      payload,
      idempotencyKey: `new_appointment:sms:${appointment.id}`,
    });
    ids.push(row.id);
  }
  return ids;
}
