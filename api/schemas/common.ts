import { z } from 'zod';

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export const CustomerParams = z.object({ customerId: z.uuid('must be a customer id') });

/** Error responses every route may answer; spread into a route's `response` map. */
export const standardErrors = {
  400: ErrorBody,
  401: ErrorBody,
  404: ErrorBody,
  429: ErrorBody,
} as const;

export const CallParams = CustomerParams.extend({ callId: z.uuid('must be a call id') });
export const ExportParams = CustomerParams.extend({ exportId: z.uuid('must be an export id') });
