import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './access.ts';

/**
 * Rate-limit key for signed-in routes: the session cookie (not the whole Cookie header, which a
 * client could vary), hashed; the address when there is no session. Offices behind one address
 * then do not share a budget.
 */
export const bySession = (request: FastifyRequest): string =>
  createHash('sha256')
    .update(request.cookies?.[SESSION_COOKIE] ?? request.ip)
    .digest('base64url')
    .slice(0, 22);
