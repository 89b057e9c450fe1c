import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCallById } from '../../db/calls.ts';
import { turnsOfCall } from '../../db/conversation-turns.ts';
import { findOnboarding } from '../../db/onboarding.ts';
import { SimulatedCall } from '../../fixtures/twilio/simulator.ts';
import { buildVoiceTestApp, testProfile, type VoiceTestApp } from '../voice/session/voice-test-app.ts';

let t: VoiceTestApp;
beforeAll(async () => {
  t = await buildVoiceTestApp();
});
afterAll(async () => {
  await t.close();
});

async function owner() {
  const customer = await t.liveBusiness(
    `+1555060${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`,
  );
  return { id: customer.id, cookie: await t.sessionCookie(customer.id) };
}

async function start(customer: { id: string; cookie: string }) {
  return t.app.inject({
    method: 'POST',
    url: `/api/demo/${customer.id}/start`,
    headers: { cookie: customer.cookie },
  });
}

async function openDemo(customer: { id: string; cookie: string }, ticket: string) {
  const demo = new SimulatedCall(t.sim, { from: 'browser', to: 'demo' });
  await demo.open(`${t.baseUrl.replace('http', 'ws')}/api/demo/${customer.id}/stream`, {
    cookie: customer.cookie,
  });
  demo.sendStart({ ticket });
  return demo;
}

describe('browser demo (onboarding step 5)', () => {
  it('runs a demo through the same CallSession: typed and spoken turns, events, persistence, step 5', async () => {
    const customer = await owner();
    const res = await start(customer);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ mode: 'direct', streamPath: `/api/demo/${customer.id}/stream` });
    const demo = await openDemo(customer, body.ticket);
    await demo.waitToHear('How can I help you today?');
    demo.sendJson({ event: 'text', text: 'What are your hours?' });
    await demo.waitToHear("Today we're open");
    await demo.say('Where are you located?');
    await demo.waitToHear("We're at 12 Main Street");
    await demo.waitFor(() => demo.events('latency').length >= 2, 5000, 'latency events');

    expect(demo.events('transcript')).toContainEqual({
      event: 'transcript',
      final: true,
      text: 'What are your hours?',
    });
    expect(demo.events('transcript')).toContainEqual({
      event: 'transcript',
      final: true,
      text: 'Where are you located?',
    });
    expect(demo.events('agent_text').map((e) => e.text)).toContain("We're at 12 Main Street, Springfield.");
    expect(demo.events('state').map((e) => e.state)).toEqual(
      expect.arrayContaining(['thinking', 'speaking', 'listening']),
    );
    expect(demo.events('latency')[0]).toMatchObject({
      event: 'latency',
      turn: expect.any(Number),
      totalMs: expect.any(Number),
    });
    expect(demo.events('mark').length).toBeGreaterThan(0);

    const end = await t.app.inject({
      method: 'POST',
      url: `/api/demo/${customer.id}/end`,
      headers: { cookie: customer.cookie },
      payload: { callId: body.callId },
    });
    expect(end.statusCode).toBe(200);
    const { transcript } = end.json() as { transcript: { role: string; text: string }[] };
    expect(transcript).toContainEqual(
      expect.objectContaining({ role: 'caller', text: 'What are your hours?' }),
    );
    expect(transcript).toContainEqual(
      expect.objectContaining({ role: 'caller', text: 'Where are you located?' }),
    );
    expect(
      transcript
        .filter((x) => x.role === 'agent')
        .map((x) => x.text)
        .join(' '),
    ).toContain('12 Main Street');
    await demo.waitFor(() => demo.events('ended').length === 1, 5000, 'ended event');
    expect(demo.events('ended')[0]).toEqual({ event: 'ended', reason: 'demo_ended' });

    const call = await findCallById(t.db.pool, customer.id, body.callId);
    expect(call).toMatchObject({ call_type: 'demo', outcome: 'completed' });
    const turns = await turnsOfCall(t.db.pool, customer.id, body.callId);
    const typed = turns.find((x) => x.user_utterance === 'What are your hours?')!;
    expect(typed.metadata).toMatchObject({ callType: 'demo', source: 'text' });
    expect(typed.ai_audio_bytes).toBeGreaterThan(0);
    const spoken = turns.find((x) => x.user_utterance === 'Where are you located?')!;
    expect(spoken).toMatchObject({
      stt_provider: 'fake-stt',
      tts_provider: 'fake-tts',
      llm_provider: 'builtin',
    });
    expect(spoken.user_audio_bytes).toBeGreaterThan(0);
    const onboarding = await findOnboarding(t.db.pool, customer.id);
    expect(onboarding?.demo_completed).toBe(true);
    expect(onboarding?.completed_steps).toContain(5);
  });

  it('rejects a reused ticket and a ticket of another customer', async () => {
    const customer = await owner();
    const other = await owner();
    const { ticket, callId } = (await start(customer)).json();
    const first = await openDemo(customer, ticket);
    await first.waitToHear('How can I help you today?');
    const again = await openDemo(customer, ticket);
    await again.waitFor(() => again.closed, 5000, 'reused ticket to be refused');
    expect(again.closeCode).toBe(4401);

    const otherTicket = (await start(other)).json().ticket as string;
    const crossed = await openDemo(customer, otherTicket);
    await crossed.waitFor(() => crossed.closed, 5000, 'foreign ticket to be refused');
    first.close();
    await t.app.inject({
      method: 'POST',
      url: `/api/demo/${customer.id}/end`,
      headers: { cookie: customer.cookie },
      payload: { callId },
    });
  });

  it('answers another customer 404 and nobody 401, on every demo endpoint', async () => {
    const alice = await owner();
    const bob = await owner();
    const { callId } = (await start(alice)).json();
    for (const url of [`/api/demo/${alice.id}/start`, `/api/demo/${alice.id}/end`]) {
      const asBob = await t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: bob.cookie },
        payload: { callId },
      });
      expect(asBob.statusCode).toBe(404);
      const anonymous = await t.app.inject({ method: 'POST', url, payload: { callId } });
      expect(anonymous.statusCode).toBe(401);
    }
    // Bob cannot end Alice's demo through his own path either.
    const viaOwnPath = await t.app.inject({
      method: 'POST',
      url: `/api/demo/${bob.id}/end`,
      headers: { cookie: bob.cookie },
      payload: { callId },
    });
    expect(viaOwnPath.statusCode).toBe(404);
    const upgrade = new SimulatedCall(t.sim, { from: 'x', to: 'y' });
    await expect(
      upgrade.open(`${t.baseUrl.replace('http', 'ws')}/api/demo/${alice.id}/stream`, { cookie: bob.cookie }),
    ).rejects.toThrow(/404/);
  });

  it('limits concurrent demos per customer', async () => {
    const customer = await owner();
    const a = await start(customer);
    const b = await start(customer);
    const c = await start(customer);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(c.statusCode).toBe(429);
    expect(c.json().error.code).toBe('too_many_demos');
    await t.app.inject({
      method: 'POST',
      url: `/api/demo/${customer.id}/end`,
      headers: { cookie: customer.cookie },
      payload: { callId: a.json().callId },
    });
    expect((await start(customer)).statusCode).toBe(200);
  });
});

describe('Twilio-mode demo', () => {
  let tw: VoiceTestApp;
  beforeAll(async () => {
    tw = await buildVoiceTestApp({
      env: {
        TWILIO_API_KEY_SID: 'SK22222222222222222222222222222222',
        TWILIO_API_KEY_SECRET: 'api-key-secret-for-tests',
        TWILIO_TWIML_APP_SID: 'AP33333333333333333333333333333333',
      },
    });
  });
  afterAll(async () => {
    await tw.close();
  });

  it('issues a Voice access token bound to the customer, with a 10-minute TTL', async () => {
    const customer = await tw.liveBusiness('+15550700001');
    const cookie = await tw.sessionCookie(customer.id);
    const res = await tw.app.inject({
      method: 'POST',
      url: `/api/demo/${customer.id}/start`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ mode: 'twilio', identity: `customer-${customer.id}`, expiresInSec: 600 });
    const [header, payload] = (body.token as string)
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'HS256', cty: 'twilio-fpa;v=1' });
    expect(payload.iss).toBe('SK22222222222222222222222222222222');
    expect(payload.sub).toBe(tw.config.twilio.accountSid);
    expect(payload.exp - payload.iat).toBe(600);
    expect(payload.grants.identity).toBe(`customer-${customer.id}`);
    expect(payload.grants.voice.outgoing.application_sid).toBe('AP33333333333333333333333333333333');

    // The browser's call reaches /twilio/voice as client:<identity> with the demo call id, named as
    // portal/demo/twilio-connection.ts sends it.
    const call = new SimulatedCall(tw.sim, {
      from: `client:customer-${customer.id}`,
      to: '',
      extra: { demoCallId: body.callId },
    });
    await call.dial();
    expect(call.twiml).toContain('<Stream');
    await call.connect();
    await call.waitToHear('How can I help you today?');
    call.hangup();
    // Someone else's identity cannot stream that demo.
    const other = await tw.liveBusiness('+15550700002');
    const stranger = new SimulatedCall(tw.sim, {
      from: `client:customer-${other.id}`,
      to: '',
      extra: { demoCallId: body.callId },
    });
    expect(await stranger.dial()).not.toContain('<Stream');
    expect(testProfile(customer.id).businessName).toBe('Bright Smiles Dental');
  });
});
