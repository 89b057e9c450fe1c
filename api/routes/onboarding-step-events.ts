import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { logOnboardingFailure } from '../../domain/analytics/event-log.ts';

/** Which onboarding step an onboarding route acts on (null for reads). */
export function stepOfRoute(method: string, url: string | undefined): number | null {
  if (method === 'GET' || !url) return null;
  const action = url.replace(/^\/api\/onboarding\/:customerId\/?/, '');
  if (action === 'business-info' || action.startsWith('documents')) return 1;
  if (action === 'phone-config') return 2;
  if (action === 'caller-responses') return 3;
  if (action.startsWith('calendar/')) return 4;
  if (action === 'demo/skip') return 5;
  if (action === 'review') return 6;
  if (action === 'complete') return 7;
  return null;
}

/**
 * Records a failed onboarding action (validation error, refused upload, provider failure) as an
 * AnalyticsEvent, so the funnel shows where owners struggle. Successful steps are recorded by
 * `completeStep` in their own transaction.
 */
export function recordStepFailures(app: FastifyInstance) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (reply.statusCode < 400) return;
    const customerId = request.customerId;
    const wanted = (request.params as { customerId?: string } | undefined)?.customerId;
    if (!customerId || customerId !== wanted) return;
    const step = stepOfRoute(request.method, request.routeOptions.url);
    if (step === null) return;
    const code = reply.statusCode >= 500 ? 'server_error' : `http_${reply.statusCode}`;
    await logOnboardingFailure(app.db, customerId, { step, errorCode: code }).catch((err: unknown) =>
      request.log.warn({ err }, 'could not record an onboarding failure event'),
    );
  };
}
