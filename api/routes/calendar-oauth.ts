import { z } from 'zod';
import { finishCalendarOAuth } from '../../domain/onboarding/calendar-step.ts';
import type { OnboardingDeps } from '../../domain/onboarding/context.ts';
import type { ZodApp } from '../zod-app.ts';

/**
 * Where Google and Microsoft send the owner back after the consent screen. Public: the single-use
 * state (created by POST /api/onboarding/:customerId/calendar/oauth) is what binds it to a customer.
 */
export default async function calendarOAuthRoutes(app: ZodApp, { deps }: { deps: OnboardingDeps }) {
  app.get(
    '/api/oauth/:provider/callback',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '10 minutes' } },
      schema: {
        tags: ['onboarding'],
        summary: 'OAuth redirect target; redirects to the wizard with calendar=connected|failed',
        params: z.object({ provider: z.enum(['google', 'outlook']) }),
        querystring: z.object({
          code: z.string().max(4096).optional(),
          state: z.string().max(200).optional(),
          error: z.string().max(200).optional(),
        }),
        response: { 302: z.null() },
      },
    },
    async (request, reply) => {
      const outcome = await finishCalendarOAuth(deps, request.params.provider, request.query);
      return reply.redirect(`/onboarding?step=4&calendar=${outcome}`, 302);
    },
  );
}
