import { z } from 'zod';
import { findCustomersByEmail } from '../../db/customers.ts';
import { queueNotification } from '../../db/notifications.ts';
import {
  consumeLoginLink,
  createLoginLink,
  createSession,
  hashToken,
  revokeSession,
} from '../../db/sessions.ts';
import { dispatchNotifications } from '../../jobs/outbox.ts';
import { SESSION_COOKIE } from '../plugins/app/access.ts';
import { ErrorBody, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';

/** Only same-origin paths may be a post-login destination (no open redirect). */
const SafeNext = z
  .string()
  .regex(/^\/(?!\/)[\w\-./?=&%#]*$/, 'must be a path on this site')
  .max(500)
  .optional();

export function loginUrl(publicUrl: string, token: string, next?: string): string {
  const url = new URL('/api/auth/callback', publicUrl);
  url.searchParams.set('token', token);
  if (next) url.searchParams.set('next', next);
  return url.toString();
}

export default async function authRoutes(app: ZodApp) {
  const secureCookie = app.config.http.publicUrl.startsWith('https://');

  app.post(
    '/api/auth/login-link',
    {
      config: { access: 'public', rateLimit: { max: 5, timeWindow: '15 minutes' } },
      schema: {
        tags: ['auth'],
        summary: 'Email a sign-in link (same answer whether or not the address is known)',
        body: z.object({ email: z.email('must be an email address').max(254), next: SafeNext }),
        response: { 202: z.object({ status: z.literal('sent') }), ...standardErrors },
      },
    },
    async (request, reply) => {
      const { email, next } = request.body;
      const devLinks: string[] = [];
      const notificationIds = await app.db.transaction(async (tx) => {
        const ids: string[] = [];
        for (const customer of await findCustomersByEmail(tx, email)) {
          const token = await createLoginLink(tx, customer.id);
          const url = loginUrl(app.config.http.publicUrl, token, next);
          devLinks.push(`development sign-in link for "${customer.business_name}": ${url}`);
          const notification = await queueNotification(tx, {
            customerId: customer.id,
            channel: 'email',
            template: 'login_link',
            recipient: customer.email,
            payload: { businessName: customer.business_name, url },
            idempotencyKey: `login-link:${hashToken(token)}`,
          });
          ids.push(notification.id);
        }
        return ids;
      });
      // Development only: sign in from the console without the mail catcher (never in production).
      if (app.config.env === 'development') for (const line of devLinks) request.log.info(line);
      // After commit; if this fails the outbox sweeper still sends it.
      await dispatchNotifications(app.queues, notificationIds).catch((err: unknown) =>
        request.log.warn({ err }, 'login-link dispatch deferred to the outbox sweeper'),
      );
      return reply.status(202).send({ status: 'sent' as const });
    },
  );

  app.get(
    '/api/auth/callback',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '15 minutes' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a login link; sets the session cookie and redirects to the portal',
        querystring: z.object({ token: z.string().min(20).max(200), next: SafeNext }),
        response: { 302: z.null(), 400: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const { token, next } = request.query;
      const customerId = await app.db.transaction(async (tx) => {
        const id = await consumeLoginLink(tx, token);
        if (!id) return null;
        const session = await createSession(tx, id);
        reply.setCookie(SESSION_COOKIE, session.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: secureCookie,
          signed: true,
          expires: new Date(session.expiresAt),
        });
        return id;
      });
      if (!customerId) return reply.redirect('/signin?expired=1', 302);
      return reply.redirect(next ?? '/app', 302);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } },
    },
    async (request, reply) => {
      const raw = request.cookies[SESSION_COOKIE];
      const unsigned = raw ? request.unsignCookie(raw) : null;
      if (unsigned?.valid && unsigned.value) await revokeSession(app.db, unsigned.value);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/session',
    {
      config: { access: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in customer',
        response: { 200: z.object({ customerId: z.uuid() }), ...standardErrors },
      },
    },
    async (request) => ({ customerId: request.customerId! }),
  );
}
