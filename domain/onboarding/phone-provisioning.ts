import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { UniqueIntegrityConstraintViolationError } from 'slonik';
import {
  findCustomerNumber,
  insertPhoneNumber,
  type PhoneNumberRow,
  setSmsEnabled,
  usedNumbersWithPrefix,
} from '../../db/phone-numbers.ts';
import type { DatabaseTransactionConnection } from '../../db/pool.ts';
import type { TwilioClient } from '../../integrations/twilio-client.ts';
import { AppError } from '../../lib/errors.ts';

/**
 * Local development hands out numbers from the fictional 555-01xx range (+1 555 010 0000–9999)
 * instead of buying real ones.
 */
export const DEV_POOL_PREFIX = '+1555010';

export interface ProvisioningDeps {
  twilio: TwilioClient | null;
  /** PUBLIC_URL; the number's voice webhook is PUBLIC_URL + /twilio/voice. */
  publicUrl: string;
}

/** US area code of the owner's number, to find a local number callers recognise. */
function areaCodeOf(e164: string): number | undefined {
  const parsed = parsePhoneNumberFromString(e164);
  if (parsed?.country !== 'US' && parsed?.country !== 'CA') return undefined;
  return Number(String(parsed.nationalNumber).slice(0, 3));
}

async function buyTwilioNumber(
  twilio: TwilioClient,
  voiceUrl: string,
  near: string,
): Promise<{ e164: string; sid: string }> {
  const search = (areaCode?: number) =>
    twilio
      .availablePhoneNumbers('US')
      .local.list({ ...(areaCode ? { areaCode } : {}), voiceEnabled: true, smsEnabled: true, limit: 1 });
  try {
    const areaCode = areaCodeOf(near);
    let candidates = await search(areaCode);
    if (candidates.length === 0 && areaCode) candidates = await search();
    const chosen = candidates[0];
    if (!chosen)
      throw new AppError(503, 'no_numbers', 'No phone numbers are available right now; try again later');
    const bought = await twilio.incomingPhoneNumbers.create({
      phoneNumber: chosen.phoneNumber,
      voiceUrl,
      voiceMethod: 'POST',
    });
    return { e164: bought.phoneNumber, sid: bought.sid };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(502, 'provisioning_failed', 'Could not get a phone number from Twilio; try again', {
      cause: (error as Error).message,
    });
  }
}

/** Next free number of the development pool; two customers racing retry on the unique key. */
async function assignPoolNumber(
  tx: DatabaseTransactionConnection,
  customerId: string,
  smsEnabled: boolean,
): Promise<PhoneNumberRow> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const used = new Set(await usedNumbersWithPrefix(tx, DEV_POOL_PREFIX));
    let e164: string | undefined;
    for (let n = 0; n < 10_000 && !e164; n++) {
      const candidate = DEV_POOL_PREFIX + String(n).padStart(4, '0');
      if (!used.has(candidate)) e164 = candidate;
    }
    if (!e164) throw new AppError(503, 'no_numbers', 'The development number pool is exhausted');
    try {
      return await tx.transaction((inner) =>
        insertPhoneNumber(inner, { customerId, e164: e164!, twilioSid: null, smsEnabled }),
      );
    } catch (error) {
      if (!(error instanceof UniqueIntegrityConstraintViolationError)) throw error;
    }
  }
  throw new AppError(503, 'no_numbers', 'Could not reserve a number; try again');
}

/**
 * The customer's receptionist number: the existing one (its webhook re-pointed and SMS updated),
 * or a new one bought from Twilio (search + buy) or taken from the development pool. Call inside
 * the transaction that holds the onboarding row lock, so one customer never gets two numbers.
 * New numbers stay 'pending' until go-live.
 */
export async function ensureReceptionistNumber(
  tx: DatabaseTransactionConnection,
  deps: ProvisioningDeps,
  input: { customerId: string; businessPhone: string; smsEnabled: boolean },
): Promise<PhoneNumberRow> {
  const voiceUrl = `${deps.publicUrl}/twilio/voice`;
  const existing = await findCustomerNumber(tx, input.customerId);
  if (existing) {
    if (existing.twilio_sid && deps.twilio) {
      await deps.twilio
        .incomingPhoneNumbers(existing.twilio_sid)
        .update({ voiceUrl, voiceMethod: 'POST' })
        .catch((error: Error) => {
          throw new AppError(502, 'provisioning_failed', 'Could not update the number at Twilio; try again', {
            cause: error.message,
          });
        });
    }
    if (existing.sms_enabled !== input.smsEnabled) await setSmsEnabled(tx, existing.id, input.smsEnabled);
    return { ...existing, sms_enabled: input.smsEnabled };
  }
  if (!deps.twilio) return assignPoolNumber(tx, input.customerId, input.smsEnabled);
  const bought = await buyTwilioNumber(deps.twilio, voiceUrl, input.businessPhone);
  return insertPhoneNumber(tx, {
    customerId: input.customerId,
    e164: bought.e164,
    twilioSid: bought.sid,
    smsEnabled: input.smsEnabled,
  });
}
