import { z } from 'zod';
import { emailLoginLinks, signInWithLink, signOut } from '../../domain/auth/login-links.ts';
import { SESSION_COOKIE } from '../plugins/app/access.ts';
import { ErrorBody, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';

/** Only same-origin paths may be a post-login destination (no open redirect). */
const SafeNext = z
  .string()
  .regex(/^\/(?!\/)[\w\-./?=&%#]*$/, 'must be a path on this site')
  .max(500)
  .optional();

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
      const sent = await emailLoginLinks(
        { pool: app.db, queues: app.queues, log: request.log, publicUrl: app.config.http.publicUrl },
        request.body,
      );
      // Development only: sign in from the console without the mail catcher (never in production).
      if (app.config.env === 'development') {
        for (const link of sent) {
          request.log.info(`development sign-in link for "${link.businessName}": ${link.url}`);
        }
      }
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
      const signedIn = await signInWithLink(app.db, token);
      if (!signedIn) return reply.redirect('/signin?expired=1', 302);
      reply.setCookie(SESSION_COOKIE, signedIn.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie,
        signed: true,
        expires: new Date(signedIn.expiresAt),
      });
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
      if (unsigned?.valid && unsigned.value) await signOut(app.db, unsigned.value);
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
