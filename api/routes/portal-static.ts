import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Paths the single-page portal never owns: unknown URLs there are real 404s. */
const API_PREFIXES = ['/api/', '/twilio/', '/admin/', '/docs', '/metrics', '/health', '/ready'];

/**
 * Serves the built portal (dist/portal) from the API's own origin, so the session cookie is
 * first-party. Deep links (/app/calls/…) fall back to index.html for the client-side router.
 */
export default async function portalStaticRoutes(app: FastifyInstance, options: { root: string }) {
  const indexFile = join(options.root, 'index.html');
  if (!existsSync(indexFile)) {
    app.log.warn({ root: options.root }, 'portal build not found; run `npm run build:portal`');
    return;
  }
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
      route.schema = { ...route.schema, hide: true };
    });
    await scope.register(fastifyStatic, {
      root: options.root,
      prefix: '/',
      wildcard: false,
      index: 'index.html',
    });
    scope.get('/*', (request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (API_PREFIXES.some((p) => path.startsWith(p)) || /\.[a-z0-9]+$/i.test(path))
        return reply.callNotFound();
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  });
}
