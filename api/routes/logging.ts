import { z } from 'zod';
import { recordEvent } from '../../db/analytics-events.ts';
import { appendImportedTurn } from '../../db/conversation-turns.ts';
import {
  AnalyticsEventInput,
  CONVERSATION_BODY_LIMIT,
  ConversationInput,
  EVENT_BODY_LIMIT,
  MAX_AUDIO_BYTES,
} from '../../domain/analytics/event-schemas.ts';
import { badRequest, notFound } from '../../lib/errors.ts';
import { bySession } from '../plugins/app/rate-limit-key.ts';
import { ErrorBody, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';

function decodeAudio(field: string, value: string | undefined): Buffer | null {
  if (value === undefined) return null;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length > MAX_AUDIO_BYTES)
    throw badRequest(`${field}: must be at most ${MAX_AUDIO_BYTES} bytes of audio`);
  return bytes.length === 0 ? null : bytes;
}

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
      const customerId = request.customerId!;
      const body = request.body;
      const saved = await recordEvent(app.db, {
        customerId,
        userId: customerId,
        eventType: body.eventType,
        eventData: body.eventData,
        sessionId: body.sessionId ?? null,
        metadata: { ...body.metadata, source: 'portal' },
      });
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
      const customerId = request.customerId!;
      const b = request.body;
      if (!b.userUtterance.trim() && !b.aiResponse.trim()) {
        throw badRequest('userUtterance: a turn needs userUtterance or aiResponse');
      }
      const userAudio = decodeAudio('userAudio', b.userAudio);
      const aiAudio = decodeAudio('aiAudio', b.aiAudio);
      const saved = await app.db.transaction((tx) =>
        appendImportedTurn(tx, customerId, {
          callId: b.callId,
          callType: b.callType,
          at: b.timestamp ? Date.parse(b.timestamp) : Date.now(),
          userUtterance: b.userUtterance,
          aiResponse: b.aiResponse,
          userAudio,
          aiAudio,
          sttProvider: b.sttProvider ?? null,
          ttsProvider: b.ttsProvider ?? null,
          llmProvider: b.llmProvider ?? null,
          confidence: b.confidence ?? null,
          sentiment: b.sentiment ?? null,
          intent: b.intent ?? null,
          toolCalls: b.toolCalls,
          metadata: b.metadata,
        }),
      );
      // Another customer's call id is indistinguishable from one that does not exist.
      if (!saved) throw notFound('Call');
      return reply.status(201).send(saved);
    },
  );
}
