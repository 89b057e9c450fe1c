import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Carrier, ForwardingCodes } from '../../lib/business-schemas.ts';

/**
 * Dial codes the owner enters on their own phone to forward calls to our Twilio number.
 * GSM carriers (AT&T, T-Mobile, most others) use the MMI codes **21 (always), **67 (busy),
 * **61 (no answer) and ##002# (cancel all); Verizon uses *72 / *71 / *73 with a 10-digit number.
 */
export function forwardingCodes(carrier: Carrier, twilioNumberE164: string): ForwardingCodes {
  const parsed = parsePhoneNumberFromString(twilioNumberE164);
  const international = twilioNumberE164.replace(/^\+/, '');
  const national = parsed?.countryCallingCode === '1' ? String(parsed.nationalNumber) : international;
  switch (carrier) {
    case 'verizon':
      return {
        unconditional: `*72${national}`,
        busy: `*71${national}`,
        noAnswer: `*71${national}`,
        disable: '*73',
      };
    case 'att':
      return {
        unconditional: `*21*${international}#`,
        busy: `*67*${international}#`,
        noAnswer: `*61*${international}#`,
        disable: '#21#',
      };
    case 'tmobile':
      return {
        unconditional: `**21*${international}#`,
        busy: `**67*${international}#`,
        noAnswer: `**61*${international}#`,
        disable: '##002#',
      };
    case 'generic':
      return {
        unconditional: `**21*${twilioNumberE164}#`,
        busy: `**67*${twilioNumberE164}#`,
        noAnswer: `**61*${twilioNumberE164}#`,
        disable: '##002#',
      };
  }
}
