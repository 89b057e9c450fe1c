import type { FastifyRequest } from 'fastify';
import twilio from 'twilio';
import { z } from 'zod';
import { completeCallFromStatus, createCall, findCallById, findCallBySid } from '../../db/calls.ts';
import { findCustomer } from '../../db/customers.ts';
import { findNumberByE164 } from '../../db/phone-numbers.ts';
import { forbidden } from '../../lib/errors.ts';
import type { ZodApp } from '../zod-app.ts';

const Form = z.record(z.string(), z.string());
const Xml = z.string();
const UNAVAILABLE =
  "We're sorry, this number is not taking calls right now. Please try again later. Goodbye.";

/** `identity` of a browser demo device: the demo token binds it to the customer. */
export const demoIdentity = (customerId: string) => `customer-${customerId}`;

/**
 * Twilio's signature over PUBLIC_URL + path and the sorted form parameters (HMAC-SHA1 with the
 * auth token). Without an auth token only non-production accepts unsigned requests (local runs).
 */
function verifySignature(app: ZodApp, request: FastifyRequest, params: Record<string, string>): void {
  const token = app.config.twilio.authToken;
  if (!token && app.config.env !== 'production') return;
  const signature = request.headers['x-twilio-signature'];
  const url = app.config.http.publicUrl + request.url;
  if (!token || typeof signature !== 'string' || !twilio.validateRequest(token, signature, url, params)) {
    request.log.warn(
      { path: request.routeOptions.url, hasSignature: typeof signature === 'string' },
      'twilio signature rejected',
    );
    throw forbidden('Invalid Twilio signature');
  }
}

function say(text: string): string {
  const vr = new twilio.twiml.VoiceResponse();
  vr.say(text);
  vr.hangup();
  return vr.toString();
}

function streamTwiml(publicUrl: string, params: Record<string, string>): string {
  const vr = new twilio.twiml.VoiceResponse();
  const connect = vr.connect({ action: `${publicUrl}/twilio/stream-ended` });
  const stream = connect.stream({
    url: `${publicUrl.replace(/^http/, 'ws')}/twilio/media`,
    name: 'receptionist',
  });
  for (const [name, value] of Object.entries(params)) stream.parameter({ name, value });
  return vr.toString();
}

/** Twilio voice webhook, status callbacks and the bidirectional media stream. */
export default async function twilioRoutes(app: ZodApp) {
  const xml = { 200: Xml, 403: z.unknown() };

  app.post(
    '/twilio/voice',
    {
      config: { access: 'webhook' },
      schema: { tags: ['twilio'], summary: 'Incoming call webhook (TwiML)', body: Form, response: xml },
    },
    async (request, reply) => {
      const params = request.body;
      verifySignature(app, request, params);
      reply.type('text/xml');
      const callSid = params.CallSid ?? null;
      const from = params.From ?? null;
      // A browser demo placed through Twilio Voice SDK (`params: { demoCallId }`): identity and
      // demo call must match.
      const demoCallId = params.demoCallId;
      if (from?.startsWith('client:') && demoCallId) {
        const customerId = from.slice('client:customer-'.length);
        const call =
          z.uuid().safeParse(customerId).success && z.uuid().safeParse(demoCallId).success
            ? await findCallById(app.db, customerId, demoCallId)
            : null;
        if (call?.call_type !== 'demo' || call.outcome !== 'in_progress') return say(UNAVAILABLE);
        const token = await app.voice.tokens.issue({
          callId: call.id,
          customerId,
          callType: 'demo',
          callSid,
          callerNumber: null,
        });
        return streamTwiml(app.config.http.publicUrl, { callId: call.id, token });
      }
      const number = params.To ? await findNumberByE164(app.db, params.To) : null;
      const customer = number?.status === 'active' ? await findCustomer(app.db, number.customer_id) : null;
      if (!number || !customer?.receptionist_live) {
        request.log.info({ to: params.To, known: Boolean(number) }, 'call to a number that is not live');
        return say(UNAVAILABLE);
      }
      const existing = callSid ? await findCallBySid(app.db, callSid) : null;
      const call =
        existing ??
        (await createCall(app.db, {
          customerId: customer.id,
          callType: 'phone',
          callSid,
          fromNumber: from,
          toNumber: params.To ?? null,
        }));
      const token = await app.voice.tokens.issue({
        callId: call.id,
        customerId: customer.id,
        callType: 'phone',
        callSid,
        callerNumber: from,
      });
      return streamTwiml(app.config.http.publicUrl, { callId: call.id, token });
    },
  );

  app.post(
    '/twilio/stream-ended',
    {
      config: { access: 'webhook' },
      schema: {
        tags: ['twilio'],
        summary: '<Connect action>: the stream ended, hang up',
        body: Form,
        response: xml,
      },
    },
    async (request, reply) => {
      verifySignature(app, request, request.body);
      reply.type('text/xml');
      const vr = new twilio.twiml.VoiceResponse();
      vr.hangup();
      return vr.toString();
    },
  );

  app.post(
    '/twilio/status',
    {
      config: { access: 'webhook' },
      schema: {
        tags: ['twilio'],
        summary: 'Call status callback: completes the CallLog',
        body: Form,
        response: { 204: z.null(), 403: z.unknown() },
      },
    },
    async (request, reply) => {
      const params = request.body;
      verifySignature(app, request, params);
      const final = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];
      if (params.CallSid && params.CallStatus && final.includes(params.CallStatus)) {
        const duration = Number.parseInt(params.CallDuration ?? '', 10);
        await completeCallFromStatus(app.db, params.CallSid, {
          callStatus: params.CallStatus,
          durationSec: Number.isFinite(duration) ? duration : null,
        });
      }
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/twilio/media',
    { websocket: true, config: { access: 'webhook' }, schema: { hide: true } },
    (socket, request) => {
      // Twilio signs the WebSocket handshake too (URL as called, no parameters). A wrong signature
      // is refused; the single-use token in `start` remains the stream's credential either way.
      const token = app.config.twilio.authToken;
      const signature = request.headers['x-twilio-signature'];
      const url = `${app.config.http.publicUrl.replace(/^http/, 'ws')}${request.url}`;
      if (token && typeof signature === 'string' && !twilio.validateRequest(token, signature, url, {})) {
        request.log.warn({ path: '/twilio/media' }, 'twilio media stream signature rejected');
        socket.close(4403);
        return;
      }
      // No await before this: the transport attaches its handlers synchronously.
      void app.voice.handleMediaStream(socket);
    },
  );
}
