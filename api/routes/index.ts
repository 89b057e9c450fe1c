import type { FastifyInstance } from 'fastify';
import adminMailRoutes from './admin-mail.ts';
import adminQueueRoutes from './admin-queues.ts';
import analyticsRoutes from './analytics.ts';
import authRoutes from './auth.ts';
import billingRoutes from './billing.ts';
import demoRoutes from './demo.ts';
import healthRoutes from './health.ts';
import knowledgeRoutes from './knowledge.ts';
import loggingRoutes from './logging.ts';
import onboardingRoutes from './onboarding.ts';
import paypalRoutes from './paypal.ts';
import planRoutes from './plans.ts';
import portalRoutes from './portal.ts';
import supportRoutes from './support.ts';
import syntheticImportRoutes from './synthetic-import.ts';
import twilioRoutes from './twilio.ts';

/**
 * Every route module, in registration order. A feature adds its module here (one line each), and
 * the access rule on each of its routes makes the isolation test cover it automatically.
 */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(twilioRoutes);
  await app.register(demoRoutes);
  await app.register(authRoutes);
  await app.register(adminQueueRoutes);
  await app.register(onboardingRoutes);
  await app.register(planRoutes);
  await app.register(paypalRoutes);
  await app.register(billingRoutes);
  await app.register(supportRoutes);
  await app.register(adminMailRoutes);
  await app.register(portalRoutes);
  await app.register(loggingRoutes);
  await app.register(analyticsRoutes);
  await app.register(knowledgeRoutes);
  await app.register(syntheticImportRoutes);
}
