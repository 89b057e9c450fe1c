import twilio from 'twilio';
import { z } from 'zod';
import { countActiveDemos, createCall, findCallById, finishCall, lockCustomerDemos } from '../../db/calls.ts';
import { turnsOfCall } from '../../db/conversation-turns.ts';
import { completeStep } from '../../db/onboarding.ts';
import { dispatchNotifications } from '../../jobs/outbox.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { ZodApp } from '../zod-app.ts';
import { demoIdentity } from './twilio.ts';

/** Concurrent demos one customer may run (each holds providers like a real call). */
export const MAX_CONCURRENT_DEMOS = 2;
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
      const { accountSid, apiKeySid, apiKeySecret, twimlAppSid } = app.config.twilio;
      const call = await app.db.transaction(async (tx) => {
        // Serialise a customer's starts so two tabs cannot both slip under the limit.
        await lockCustomerDemos(tx, customerId);
        if ((await countActiveDemos(tx, customerId)) >= MAX_CONCURRENT_DEMOS) {
          throw new AppError(
            429,
            'too_many_demos',
            `At most ${MAX_CONCURRENT_DEMOS} demos can run at once; end one first`,
          );
        }
        return createCall(tx, {
          customerId,
          callType: 'demo',
          callSid: null,
          fromNumber: null,
          toNumber: null,
        });
      });
      if (accountSid && apiKeySid && apiKeySecret && twimlAppSid) {
        const identity = demoIdentity(customerId);
        const token = new twilio.jwt.AccessToken(accountSid, apiKeySid, apiKeySecret, {
          identity,
          ttl: TOKEN_TTL_SEC,
        });
        token.addGrant(
          new twilio.jwt.AccessToken.VoiceGrant({
            outgoingApplicationSid: twimlAppSid,
            incomingAllow: false,
          }),
        );
        return {
          callId: call.id,
          mode: 'twilio' as const,
          token: token.toJwt(),
          identity,
          expiresInSec: TOKEN_TTL_SEC,
        };
      }
      const ticket = await app.voice.tokens.issue(
        { callId: call.id, customerId, callType: 'demo', callSid: null, callerNumber: null },
        TOKEN_TTL_SEC,
      );
      return {
        callId: call.id,
        mode: 'direct' as const,
        ticket,
        streamPath: `/api/demo/${customerId}/stream`,
      };
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
    async (request) => {
      const customerId = request.params.customerId;
      const call = await findCallById(app.db, customerId, request.body.callId);
      if (call?.call_type !== 'demo') throw notFound('Demo call');
      const session = app.voice.session(call.id);
      if (session) await session.close('demo_ended');
      else if (call.outcome === 'in_progress') {
        await finishCall(app.db, customerId, call.id, {
          outcome: 'abandoned',
          durationMs: Date.now() - call.started_at,
          transcript: '',
          appointmentBooked: false,
          callerInfo: {},
          success: false,
          providers: {},
        });
      }
      if (request.body.completeStep) {
        const step = await app.db.transaction((tx) =>
          completeStep(tx, customerId, 5, { demoCompleted: true }),
        );
        await dispatchNotifications(app.queues, step.notificationIds).catch((error) =>
          request.log.warn({ err: error }, 'step notification dispatch deferred to the sweeper'),
        );
      }
      const turns = await turnsOfCall(app.db, customerId, call.id);
      const transcript = turns.flatMap((t) => [
        ...(t.user_utterance ? [{ role: 'caller' as const, text: t.user_utterance, at: t.created_at }] : []),
        ...(t.ai_response ? [{ role: 'agent' as const, text: t.ai_response, at: t.created_at }] : []),
      ]);
      return { callId: call.id, transcript };
    },
  );
}
