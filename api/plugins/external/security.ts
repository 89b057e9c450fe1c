import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';

/**
 * Security headers, and rate limits kept in Redis so every API instance shares one budget.
 * Limits are opt-in per route (`config.rateLimit`): auth and public endpoints set them.
 */
async function security(app: FastifyInstance, options: { redis: Redis; prefix: string }) {
  await app.register(helmet, {
    // The portal and Swagger UI load their own scripts and styles from this origin only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // PayPal's checkout buttons and Twilio's browser voice SDK are the only third parties.
        scriptSrc: ["'self'", "'unsafe-inline'", 'https://www.paypal.com', 'https://*.paypal.com'],
        frameSrc: ["'self'", 'https://*.paypal.com'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https://*.paypal.com', 'https://*.paypalobjects.com'],
        mediaSrc: ["'self'", 'blob:', 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:', 'https://*.paypal.com', 'https://*.twilio.com'],
        workerSrc: ["'self'", 'blob:'],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, {
    global: false,
    redis: options.redis,
    nameSpace: `${options.prefix}:rate:`,
    errorResponseBuilder: (_request, context) => ({
      statusCode: context.statusCode,
      error: {
        code: 'rate_limited',
        message: `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`,
      },
    }),
  });
}

export default fp(security, { name: 'security' });
