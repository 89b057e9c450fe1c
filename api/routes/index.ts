import type { FastifyInstance } from 'fastify';
import adminQueueRoutes from './admin-queues.ts';
import authRoutes from './auth.ts';
import healthRoutes from './health.ts';

/**
 * Every route module, in registration order. A feature adds its module here (one line each), and
 * the access rule on each of its routes makes the isolation test cover it automatically.
 */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(adminQueueRoutes);
}
