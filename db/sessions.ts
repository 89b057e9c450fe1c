import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

/** Tokens are random; only their SHA-256 is stored, so a database leak does not sign anyone in. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export const LOGIN_LINK_TTL_MS = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export async function createLoginLink(
  db: CommonQueryMethods,
  customerId: string,
  ttlMs = LOGIN_LINK_TTL_MS,
): Promise<string> {
  const token = newToken();
  await db.query(sql.unsafe`
    INSERT INTO login_links (token_hash, customer_id, expires_at)
    VALUES (${hashToken(token)}, ${customerId}, now() + ${sql.interval({ seconds: Math.round(ttlMs / 1000) })})`);
  return token;
}

/** Marks the link used and returns its customer, or null if unknown, used or expired. Single use. */
export async function consumeLoginLink(db: CommonQueryMethods, token: string): Promise<string | null> {
  return db.maybeOneFirst(sql.type(z.object({ customer_id: z.uuid() }))`
    UPDATE login_links SET used_at = now()
    WHERE token_hash = ${hashToken(token)} AND used_at IS NULL AND expires_at > now()
    RETURNING customer_id`);
}

export async function createSession(
  db: CommonQueryMethods,
  customerId: string,
  ttlMs = SESSION_TTL_MS,
): Promise<{ token: string; expiresAt: number }> {
  const token = newToken();
  const expiresAt = await db.oneFirst(sql.type(z.object({ expires_at: z.number() }))`
    INSERT INTO sessions (id_hash, customer_id, expires_at)
    VALUES (${hashToken(token)}, ${customerId}, now() + ${sql.interval({ seconds: Math.round(ttlMs / 1000) })})
    RETURNING expires_at`);
  return { token, expiresAt };
}

export const ActiveSession = z.object({ customer_id: z.uuid(), expires_at: z.number() });
export type ActiveSession = z.infer<typeof ActiveSession>;

export async function findActiveSession(
  db: CommonQueryMethods,
  token: string,
): Promise<ActiveSession | null> {
  return db.maybeOne(sql.type(ActiveSession)`
    SELECT customer_id, expires_at FROM sessions
    WHERE id_hash = ${hashToken(token)} AND revoked_at IS NULL AND expires_at > now()`);
}

export async function revokeSession(db: CommonQueryMethods, token: string): Promise<void> {
  await db.query(sql.unsafe`UPDATE sessions SET revoked_at = now() WHERE id_hash = ${hashToken(token)}`);
}

/** Housekeeping: removes sessions and login links that can no longer be used. */
export async function purgeExpiredCredentials(db: CommonQueryMethods): Promise<number> {
  const sessions = await db.query(sql.unsafe`
    DELETE FROM sessions WHERE expires_at < now() - interval '1 day' OR revoked_at < now() - interval '1 day'`);
  const links = await db.query(sql.unsafe`
    DELETE FROM login_links WHERE expires_at < now() - interval '1 day'`);
  return sessions.rowCount + links.rowCount;
}
