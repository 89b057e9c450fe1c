import { z } from 'zod';
import { importConversationTurn, logPortalEvent } from '../../domain/analytics/event-log.ts';
import {
  AnalyticsEventInput,
  CONVERSATION_BODY_LIMIT,
  ConversationInput,
  EVENT_BODY_LIMIT,
} from '../../domain/analytics/event-schemas.ts';
import { bySession } from '../plugins/app/rate-limit-key.ts';
import { ErrorBody, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';

/**
 * Logging from the portal and external sources. The server decides who wrote what (customer,
 * user, time): a client can only ever log for its own session's customer.
 */
export default async function loggingRoutes(app: ZodApp) {
  app.post(
    '/api/logging/event',
    {
      bodyLimit: EVENT_BODY_LIMIT,
      config: {
        access: 'session',
        rateLimit: { max: 120, timeWindow: '1 minute', keyGenerator: bySession },
      },
      schema: {
        tags: ['logging'],
        summary: 'Record an analytics event for the signed-in customer',
        body: AnalyticsEventInput,
        response: {
          201: z.object({ id: z.uuid(), createdAt: z.number() }),
          413: ErrorBody,
          ...standardErrors,
        },
      },
    },
    async (request, reply) => {
      const saved = await logPortalEvent(app.db, request.customerId!, request.body);
      return reply.status(201).send(saved);
    },
  );

  app.post(
    '/api/logging/conversation',
    {
      bodyLimit: CONVERSATION_BODY_LIMIT,
      config: {
        access: 'session',
        rateLimit: { max: 300, timeWindow: '1 minute', keyGenerator: bySession },
      },
      schema: {
        tags: ['logging'],
        summary: "Append an imported conversation turn to one of the customer's calls (or a new one)",
        body: ConversationInput,
        response: {
          201: z.object({ id: z.uuid(), callId: z.uuid(), turnIndex: z.number() }),
          413: ErrorBody,
          ...standardErrors,
        },
      },
    },
    async (request, reply) => {
      const saved = await importConversationTurn(app.db, request.customerId!, request.body);
      return reply.status(201).send(saved);
    },
  );
}
