import { completeCallFromStatus, createCall, findCallById, findCallBySid } from '../../db/calls.ts';
import { findCustomer } from '../../db/customers.ts';
import { findNumberByE164 } from '../../db/phone-numbers.ts';
import type { CommonQueryMethods } from '../../db/pool.ts';

/** What to do with a call Twilio offers us. */
export type InboundAdmission =
  | { status: 'answer'; callId: string; customerId: string }
  /** The number is unknown, released, or its business is not live: a polite message. */
  | { status: 'not_live' }
  /** A replayed webhook for a call we already finished: hang up, never a second session. */
  | { status: 'ended' };

/**
 * A phone call to one of our numbers: the CallLog row (one per CallSid, so Twilio's retries of
 * the webhook reuse it) when the number's business is live.
 */
export async function admitPhoneCall(
  db: CommonQueryMethods,
  call: { to: string | null; from: string | null; callSid: string | null },
): Promise<InboundAdmission> {
  const number = call.to ? await findNumberByE164(db, call.to) : null;
  const customer = number?.status === 'active' ? await findCustomer(db, number.customer_id) : null;
  if (!number || !customer?.receptionist_live) return { status: 'not_live' };
  const existing = call.callSid ? await findCallBySid(db, call.callSid) : null;
  if (existing && existing.outcome !== 'in_progress') return { status: 'ended' };
  const row =
    existing ??
    (await createCall(db, {
      customerId: customer.id,
      callType: 'phone',
      callSid: call.callSid,
      fromNumber: call.from,
      toNumber: call.to,
    }));
  return { status: 'answer', callId: row.id, customerId: customer.id };
}

/**
 * A browser demo placed through Twilio Voice SDK: the device identity names the customer, and the
 * demo call it names must be that customer's and still open.
 */
export async function admitTwilioDemoCall(
  db: CommonQueryMethods,
  demo: { customerId: string; demoCallId: string },
): Promise<InboundAdmission> {
  const call = await findCallById(db, demo.customerId, demo.demoCallId);
  if (call?.call_type !== 'demo') return { status: 'not_live' };
  if (call.outcome !== 'in_progress') return { status: 'ended' };
  return { status: 'answer', callId: call.id, customerId: demo.customerId };
}

const FINAL_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/** Twilio's status callback: a final status completes the CallLog with Twilio's own duration. */
export async function recordCallStatus(
  db: CommonQueryMethods,
  status: { callSid: string | undefined; callStatus: string | undefined; durationSec: number | null },
): Promise<void> {
  if (!status.callSid || !status.callStatus || !FINAL_STATUSES.has(status.callStatus)) return;
  await completeCallFromStatus(db, status.callSid, {
    callStatus: status.callStatus,
    durationSec: status.durationSec,
  });
}
