import { findCustomersByEmail } from '../../db/customers.ts';
import type { DatabasePool } from '../../db/pool.ts';
import {
  consumeLoginLink,
  createLoginLink,
  createSession,
  hashToken,
  revokeSession,
} from '../../db/sessions.ts';
import { commitWithOutbox, type OutboxDeps } from '../../jobs/outbox.ts';

/** The sign-in URL a login link email carries; `next` is a same-site path to land on. */
export function loginUrl(publicUrl: string, token: string, next?: string): string {
  const url = new URL('/api/auth/callback', publicUrl);
  url.searchParams.set('token', token);
  if (next) url.searchParams.set('next', next);
  return url.toString();
}

/**
 * Emails a single-use sign-in link to every account of this address. Unknown addresses get
 * nothing, and the caller answers the same either way (no account enumeration). Returns the links
 * sent (committed), which only a development server shows.
 */
export async function emailLoginLinks(
  deps: OutboxDeps & { publicUrl: string },
  request: { email: string; next?: string | undefined },
): Promise<{ businessName: string; url: string }[]> {
  return commitWithOutbox(deps, async (tx, outbox) => {
    const sent: { businessName: string; url: string }[] = [];
    for (const customer of await findCustomersByEmail(tx, request.email)) {
      const token = await createLoginLink(tx, customer.id);
      const url = loginUrl(deps.publicUrl, token, request.next);
      await outbox.queue({
        customerId: customer.id,
        channel: 'email',
        template: 'login_link',
        recipient: customer.email,
        payload: { businessName: customer.business_name, url },
        idempotencyKey: `login-link:${hashToken(token)}`,
      });
      sent.push({ businessName: customer.business_name, url });
    }
    return sent;
  });
}

/** Spends a login link on a new session; null when the link is unknown, used or expired. */
export async function signInWithLink(
  pool: DatabasePool,
  token: string,
): Promise<{ customerId: string; sessionToken: string; expiresAt: number } | null> {
  return pool.transaction(async (tx) => {
    const customerId = await consumeLoginLink(tx, token);
    if (!customerId) return null;
    const session = await createSession(tx, customerId);
    return { customerId, sessionToken: session.token, expiresAt: session.expiresAt };
  });
}

export async function signOut(pool: DatabasePool, sessionToken: string): Promise<void> {
  await revokeSession(pool, sessionToken);
}
