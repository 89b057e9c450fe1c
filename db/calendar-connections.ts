import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

export const CalendarConnectionRow = z.object({
  customer_id: z.uuid(),
  provider: z.enum(['google', 'outlook', 'builtin']),
  status: z.enum(['connected', 'disconnected', 'error']),
  access_token_enc: z.instanceof(Buffer).nullable(),
  refresh_token_enc: z.instanceof(Buffer).nullable(),
  token_expires_at: z.number().nullable(),
  account_email: z.string().nullable(),
  calendar_id: z.string().nullable(),
  last_error: z.string().nullable(),
  updated_at: z.number(),
});
export type CalendarConnectionRow = z.infer<typeof CalendarConnectionRow>;

export interface ConnectionInput {
  customerId: string;
  provider: CalendarConnectionRow['provider'];
  /** Tokens already encrypted (voice/calendar/token-crypto.ts); null for the built-in calendar. */
  accessTokenEnc: Buffer | null;
  refreshTokenEnc: Buffer | null;
  tokenExpiresAt: number | null;
  accountEmail: string | null;
  calendarId: string | null;
}

const bytes = (b: Buffer | null) => (b ? sql.binary(b) : null);
const timestamp = (ms: number | null) => (ms === null ? null : sql.timestamp(new Date(ms)));

export async function findConnection(
  db: CommonQueryMethods,
  customerId: string,
): Promise<CalendarConnectionRow | null> {
  return db.maybeOne(sql.type(CalendarConnectionRow)`
    SELECT * FROM calendar_connections WHERE customer_id = ${customerId}`);
}

/** Connects (or reconnects) the customer's calendar; one connection per customer. */
export async function upsertConnection(
  db: CommonQueryMethods,
  c: ConnectionInput,
): Promise<CalendarConnectionRow> {
  return db.one(sql.type(CalendarConnectionRow)`
    INSERT INTO calendar_connections (customer_id, provider, status, access_token_enc, refresh_token_enc,
      token_expires_at, account_email, calendar_id, last_error, updated_at)
    VALUES (${c.customerId}, ${c.provider}, 'connected', ${bytes(c.accessTokenEnc)}, ${bytes(c.refreshTokenEnc)},
      ${timestamp(c.tokenExpiresAt)}, ${c.accountEmail}, ${c.calendarId}, NULL, now())
    ON CONFLICT (customer_id) DO UPDATE SET
      provider = EXCLUDED.provider, status = 'connected', access_token_enc = EXCLUDED.access_token_enc,
      refresh_token_enc = EXCLUDED.refresh_token_enc, token_expires_at = EXCLUDED.token_expires_at,
      account_email = EXCLUDED.account_email, calendar_id = EXCLUDED.calendar_id, last_error = NULL,
      updated_at = now()
    RETURNING *`);
}

/** Stores refreshed tokens; a refresh that returned no new refresh token keeps the old one. */
export async function updateTokens(
  db: CommonQueryMethods,
  customerId: string,
  tokens: { accessTokenEnc: Buffer; refreshTokenEnc: Buffer | null; tokenExpiresAt: number | null },
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE calendar_connections SET access_token_enc = ${sql.binary(tokens.accessTokenEnc)},
      refresh_token_enc = COALESCE(${bytes(tokens.refreshTokenEnc)}, refresh_token_enc),
      token_expires_at = ${timestamp(tokens.tokenExpiresAt)}, updated_at = now()
    WHERE customer_id = ${customerId}`);
}

/** The provider refused our tokens (revoked access): keep the row so the portal can say so. */
export async function markDisconnected(
  db: CommonQueryMethods,
  customerId: string,
  reason: string,
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE calendar_connections SET status = 'disconnected', last_error = ${reason.slice(0, 500)},
      access_token_enc = NULL, updated_at = now()
    WHERE customer_id = ${customerId}`);
}

export async function deleteConnection(db: CommonQueryMethods, customerId: string): Promise<void> {
  await db.query(sql.unsafe`DELETE FROM calendar_connections WHERE customer_id = ${customerId}`);
}

export async function createOAuthState(
  db: CommonQueryMethods,
  input: { state: string; customerId: string; provider: 'google' | 'outlook'; ttlMs: number },
): Promise<void> {
  // The customer's spent or stale states go first, so abandoned consent screens never pile up.
  await db.query(sql.unsafe`
    DELETE FROM oauth_states
    WHERE customer_id = ${input.customerId} AND (used_at IS NOT NULL OR expires_at < now())`);
  await db.query(sql.unsafe`
    INSERT INTO oauth_states (state, customer_id, provider, expires_at)
    VALUES (${input.state}, ${input.customerId}, ${input.provider}, now() + ${sql.interval({ seconds: Math.ceil(input.ttlMs / 1000) })})`);
}

/** Uses an OAuth state once: null if unknown, expired, already used or for another provider. */
export async function consumeOAuthState(
  db: CommonQueryMethods,
  state: string,
  provider: 'google' | 'outlook',
): Promise<{ customerId: string } | null> {
  const row = await db.maybeOne(sql.type(z.object({ customer_id: z.uuid() }))`
    UPDATE oauth_states SET used_at = now()
    WHERE state = ${state} AND provider = ${provider} AND used_at IS NULL AND expires_at > now()
    RETURNING customer_id`);
  return row ? { customerId: row.customer_id } : null;
}
