import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../config/config.ts';
import type { DatabasePool } from '../db/pool.ts';
import type { PayPalGateway } from '../integrations/paypal-client.ts';
import type { JobQueues } from '../jobs/queues.ts';
import accessPlugin from './plugins/app/access.ts';
import purchaseServices from './plugins/app/billing-services.ts';
import calendarPlugin from './plugins/app/calendar.ts';
import errorHandler from './plugins/app/error-handler.ts';
import metricsPlugin from './plugins/external/metrics.ts';
import resources from './plugins/external/resources.ts';
import security from './plugins/external/security.ts';
import openapi from './plugins/external/swagger.ts';
import type { MailInbox } from './routes/admin-mail.ts';
import { registerRoutes } from './routes/index.ts';
import portalStaticRoutes from './routes/portal-static.ts';

export interface AppDeps {
  config: Config;
  logger: Logger;
  pool: DatabasePool;
  redis: Redis;
  queues: JobQueues;
  metrics: Registry;
  /** Directory of the built portal; omitted in API-only tests. */
  portalRoot?: string;
  /** PayPal or its emulator; built from config when omitted (tests). */
  paypal?: PayPalGateway | null;
  /** The development mail catcher behind /admin/mail (only when SMTP_URL is unset). */
  mailCatcher?: MailInbox | null;
  /** Call control over injected providers (tests); built from config when omitted. */
  voice?: import('../voice/index.ts').VoiceRuntime;
}

/**
 * The one composition root of the HTTP side; tests build it in-process. Load order, as below:
 * the error handler (so every later plugin's failures are shaped), the shared resources and the
 * calendar module, the HTTP parsers (cookie, form body, WebSocket), access control, security
 * headers and rate limits, docs and metrics, the outbound services (PayPal, mail) and the voice
 * runtime, then the routes and, last, the portal's static files.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: deps.config.env === 'production',
    bodyLimit: 1024 * 1024,
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The request id ties a customer's report to our log lines.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorHandler);
  await app.register(resources, {
    config: deps.config,
    pool: deps.pool,
    redis: deps.redis,
    queues: deps.queues,
  });
  await app.register(calendarPlugin);
  await app.register(cookie, { secret: deps.config.secrets.sessionSecret });
  await app.register(formbody);
  await app.register(websocket, {
    options: { maxPayload: 256 * 1024 },
    // On shutdown, calls in progress may finish (up to the grace period) before sockets close.
    preClose: async () => {
      if (app.hasDecorator('voice')) await app.voice.drain(deps.config.http.shutdownGraceMs);
      const server = app.websocketServer;
      for (const client of server.clients) client.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  await app.register(accessPlugin, {
    adminToken: deps.config.secrets.adminToken,
    development: deps.config.env === 'development',
  });
  await app.register(security, { redis: deps.redis, prefix: deps.config.queuePrefix });
  await app.register(openapi, { publicUrl: deps.config.http.publicUrl });
  await app.register(metricsPlugin, { registry: deps.metrics });

  await app.register(purchaseServices, { paypal: deps.paypal, mailCatcher: deps.mailCatcher });
  await app.register((await import('./plugins/app/voice.ts')).default, { voice: deps.voice });
  await registerRoutes(app);
  if (deps.portalRoot) await app.register(portalStaticRoutes, { root: deps.portalRoot });

  return app;
}
