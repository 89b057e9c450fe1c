import { z } from 'zod';
import { endDemoCall, openDemoCall } from '../../domain/demo/demo-calls.ts';
import { demoAccessToken, twilioDemoConfigured } from '../../integrations/twilio-voice-token.ts';
import type { ZodApp } from '../zod-app.ts';

const TOKEN_TTL_SEC = 600;

const Params = z.object({ customerId: z.string() });
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const Start = z.union([
  z.object({ callId: z.uuid(), mode: z.literal('direct'), ticket: z.string(), streamPath: z.string() }),
  z.object({
    callId: z.uuid(),
    mode: z.literal('twilio'),
    token: z.string(),
    identity: z.string(),
    expiresInSec: z.number(),
  }),
]);
const End = z.object({
  callId: z.uuid(),
  transcript: z.array(z.object({ role: z.enum(['caller', 'agent']), text: z.string(), at: z.number() })),
});

/**
 * Onboarding step 5: the owner talks to their receptionist from the browser through the same
 * CallSession as phone calls, either directly (Twilio Media Streams format over our WebSocket) or
 * through Twilio Voice SDK when Twilio is configured.
 */
export default async function demoRoutes(app: ZodApp) {
  app.post(
    '/api/demo/:customerId/start',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['demo'],
        summary: 'Start a demo call: a single-use stream ticket, or a Twilio Voice access token',
        params: Params,
        response: { 200: Start, 429: ErrorBody },
      },
    },
    async (request) => {
      const customerId = request.params.customerId;
      const { callId } = await openDemoCall({ pool: app.db }, customerId);
      if (twilioDemoConfigured(app.config.twilio)) {
        const { token, identity } = demoAccessToken(app.config.twilio, customerId, TOKEN_TTL_SEC);
        return { callId, mode: 'twilio' as const, token, identity, expiresInSec: TOKEN_TTL_SEC };
      }
      const ticket = await app.voice.tokens.issue(
        { callId, customerId, callType: 'demo', callSid: null, callerNumber: null },
        TOKEN_TTL_SEC,
      );
      return { callId, mode: 'direct' as const, ticket, streamPath: `/api/demo/${customerId}/stream` };
    },
  );

  app.get(
    '/api/demo/:customerId/stream',
    { websocket: true, config: { access: 'customer' }, schema: { hide: true, params: Params } },
    (socket, request) => {
      // Handlers attach synchronously inside handleMediaStream; the ticket in `start` is checked there.
      void app.voice.handleMediaStream(socket, { demo: { customerId: request.customerId! } });
    },
  );

  app.post(
    '/api/demo/:customerId/end',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['demo'],
        summary: 'End a demo: finalise its call log, complete onboarding step 5, return the transcript',
        params: Params,
        body: z.object({
          callId: z.uuid(),
          /** false when the demo failed (no microphone, stream lost): free the slot, keep step 5 open. */
          completeStep: z.boolean().default(true),
        }),
        response: { 200: End, 404: ErrorBody },
      },
    },
    async (request) =>
      endDemoCall({ pool: app.db, queues: app.queues, log: request.log }, request.params.customerId, {
        callId: request.body.callId,
        completeStep: request.body.completeStep,
        closeLiveSession: async (callId) => {
          const session = app.voice.session(callId);
          if (!session) return false;
          await session.close('demo_ended');
          return true;
        },
      }),
  );
}
