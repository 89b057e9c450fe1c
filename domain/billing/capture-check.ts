import { valueToCents } from './plans.ts';

export interface ExpectedCharge {
  amountCents: number;
  currency: string;
}

export interface ReportedCapture {
  status: string;
  currency: string;
  value: string;
}

export type CaptureVerdict = { ok: true } | { ok: false; reason: 'declined' | 'mismatch'; detail: string };

/**
 * A capture counts only if PayPal reports exactly what we created: the amount and currency of our
 * order, and status COMPLETED. Anything else (a pending review, a partial amount, a tampered
 * order) creates no account.
 */
export function verifyCapture(expected: ExpectedCharge, capture: ReportedCapture): CaptureVerdict {
  if (capture.status === 'DECLINED' || capture.status === 'FAILED') {
    return { ok: false, reason: 'declined', detail: `capture status ${capture.status}` };
  }
  if (capture.status !== 'COMPLETED') {
    return { ok: false, reason: 'mismatch', detail: `capture status ${capture.status}, expected COMPLETED` };
  }
  if (capture.currency !== expected.currency) {
    return {
      ok: false,
      reason: 'mismatch',
      detail: `currency ${capture.currency}, expected ${expected.currency}`,
    };
  }
  const cents = valueToCents(capture.value);
  if (cents !== expected.amountCents) {
    return {
      ok: false,
      reason: 'mismatch',
      detail: `amount ${capture.value}, expected ${expected.amountCents} cents`,
    };
  }
  return { ok: true };
}
