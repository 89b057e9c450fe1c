import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { findActiveSession } from '../../../db/sessions.ts';
import { AppError, notFound, unauthorized } from '../../../lib/errors.ts';

/**
 * Who may call a route. Every route must declare one; the app refuses to start otherwise, so a new
 * route can never be accidentally open (and the isolation test covers it automatically).
 * - public: anyone (rate-limited where it matters)
 * - webhook: anyone, but the route verifies a provider signature itself
 * - session: a signed-in customer (the route acts on that customer only)
 * - customer: a signed-in customer whose id equals the route's :customerId (404 otherwise)
 * - admin: an operator with ADMIN_TOKEN
 */
export type Access = 'public' | 'webhook' | 'session' | 'customer' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** An admin route that development opens to requests from this machine (the mail catcher). */
    openOnLoopbackInDevelopment?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in customer, set for `session` and `customer` routes. */
    customerId: string | null;
  }
}

export const SESSION_COOKIE = 'ar_session';

export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access | undefined;
}

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Accepts `Authorization: Bearer <token>` or HTTP Basic with the token as password (for browsers). */
export function adminTokenFrom(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const [scheme, value] = header.split(' ', 2);
  if (!value) return null;
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return null;
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A request made on this machine to a loopback address: not forwarded by a proxy, and with a
 * loopback Host header (so a web page cannot reach it through DNS rebinding).
 */
export function isLocalRequest(request: FastifyRequest): boolean {
  if (!LOOPBACK_ADDRESSES.has(request.socket.remoteAddress ?? '')) return false;
  if (request.headers['x-forwarded-for'] || request.headers.forwarded) return false;
  const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  return LOOPBACK_HOSTS.has(host);
}

export async function sessionCustomer(app: FastifyInstance, request: FastifyRequest): Promise<string | null> {
  const raw = request.cookies[SESSION_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  const session = await findActiveSession(app.db, unsigned.value);
  return session?.customer_id ?? null;
}

export interface AccessOptions {
  adminToken: string | undefined;
  /** NODE_ENV=development: routes marked openOnLoopbackInDevelopment need no token from this machine. */
  development?: boolean;
}

async function accessPlugin(app: FastifyInstance, options: AccessOptions) {
  const routes: (RouteOptions & { access?: Access })[] = [];
  app.decorateRequest('customerId', null);
  app.decorate('registeredRoutes', () =>
    routes.map((r) => ({
      method: String(r.method),
      url: r.url,
      access: r.config?.access,
    })),
  );

  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', async () => {
    const open = routes.filter((r) => !r.config?.access).map((r) => `${String(r.method)} ${r.url}`);
    if (open.length > 0) throw new Error(`routes without config.access: ${open.join(', ')}`);
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const access = request.routeOptions.config?.access;
    switch (access) {
      case 'public':
      case 'webhook':
        return;
      case 'admin': {
        const config = request.routeOptions.config;
        if (options.development && config?.openOnLoopbackInDevelopment && isLocalRequest(request)) return;
        const token = adminTokenFrom(request);
        if (!options.adminToken || !token || !tokenMatches(token, options.adminToken)) {
          reply.header('www-authenticate', 'Basic realm="operators"');
          throw unauthorized('Operator token required');
        }
        return;
      }
      case 'session':
      case 'customer': {
        const customerId = await sessionCustomer(app, request);
        if (!customerId) throw unauthorized();
        request.customerId = customerId;
        if (access === 'customer') {
          const wanted = (request.params as Record<string, string> | undefined)?.customerId;
          // 404, not 403: another customer's id must be indistinguishable from a nonexistent one.
          if (wanted !== customerId) throw notFound();
        }
        return;
      }
      default:
        // Unknown routes (404 handler) have no config; anything else is a programming error.
        if (request.is404) return;
        throw new AppError(500, 'internal', 'Route has no access rule');
    }
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes(): RegisteredRoute[];
  }
}

export default fp(accessPlugin, { name: 'access', dependencies: ['db', '@fastify/cookie'] });
