import type { FastifyRequest } from 'fastify';
import twilio from 'twilio';
import { z } from 'zod';
import { admitPhoneCall, admitTwilioDemoCall, recordCallStatus } from '../../domain/calls/inbound-calls.ts';
import { customerOfDemoCaller } from '../../integrations/twilio-voice-token.ts';
import { forbidden } from '../../lib/errors.ts';
import type { ZodApp } from '../zod-app.ts';

const Form = z.record(z.string(), z.string());
const Xml = z.string();
const UNAVAILABLE =
  "We're sorry, this number is not taking calls right now. Please try again later. Goodbye.";

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

function hangup(): string {
  const vr = new twilio.twiml.VoiceResponse();
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
      // A browser demo placed through Twilio Voice SDK (`params: { demoCallId }`): the device
      // identity and the demo call must belong to the same customer.
      const demoCustomer = customerOfDemoCaller(from);
      const demoCallId = params.demoCallId;
      const isDemo = Boolean(demoCustomer && demoCallId);
      const ids = z.object({ customerId: z.uuid(), demoCallId: z.uuid() });
      const demo = isDemo ? ids.safeParse({ customerId: demoCustomer, demoCallId }) : null;
      const admission = isDemo
        ? demo?.success
          ? await admitTwilioDemoCall(app.db, demo.data)
          : ({ status: 'not_live' } as const)
        : await admitPhoneCall(app.db, { to: params.To ?? null, from, callSid });
      if (admission.status === 'ended') {
        request.log.info({ demo: isDemo }, 'voice webhook for a call that already ended: hanging up');
        return hangup();
      }
      if (admission.status === 'not_live') {
        request.log.info({ demo: isDemo }, 'call to a number that is not live');
        return say(UNAVAILABLE);
      }
      const token = await app.voice.tokens.issue({
        callId: admission.callId,
        customerId: admission.customerId,
        callType: isDemo ? 'demo' : 'phone',
        callSid,
        callerNumber: isDemo ? null : from,
      });
      return streamTwiml(app.config.http.publicUrl, { callId: admission.callId, token });
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
      const duration = Number.parseInt(params.CallDuration ?? '', 10);
      await recordCallStatus(app.db, {
        callSid: params.CallSid,
        callStatus: params.CallStatus,
        durationSec: Number.isFinite(duration) ? duration : null,
      });
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
