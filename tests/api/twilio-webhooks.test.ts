import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCallById } from '../../db/calls.ts';
import { createCustomer } from '../../db/customers.ts';
import { activateCustomerNumbers, insertPhoneNumber } from '../../db/phone-numbers.ts';
import { newSid, postSignedWebhook, SimulatedCall } from '../../fixtures/twilio/simulator.ts';
import { buildVoiceTestApp, type VoiceTestApp } from '../voice/session/voice-test-app.ts';

let t: VoiceTestApp;
beforeAll(async () => {
  t = await buildVoiceTestApp();
});
afterAll(async () => {
  await t.close();
});

const voiceParams = (to: string) => ({
  CallSid: newSid('CA'),
  From: '+15557654321',
  To: to,
  CallStatus: 'ringing',
});

describe('POST /twilio/voice', () => {
  it('rejects a wrong or missing signature with 403', async () => {
    await t.liveBusiness('+15550400001');
    const bad = await postSignedWebhook(
      t.sim,
      '/twilio/voice',
      voiceParams('+15550400001'),
      'bm90IGEgc2lnbmF0dXJl',
    );
    expect(bad.status).toBe(403);
    const missing = await fetch(`${t.baseUrl}/twilio/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(voiceParams('+15550400001')).toString(),
    });
    expect(missing.status).toBe(403);
    // Signed for other parameters than those sent: tampering.
    const params = voiceParams('+15550400001');
    const res = await postSignedWebhook({ ...t.sim, authToken: 'another-token' }, '/twilio/voice', params);
    expect(res.status).toBe(403);
  });

  it('answers an unknown number, or a business that is not live, politely and hangs up', async () => {
    const unknown = await postSignedWebhook(t.sim, '/twilio/voice', voiceParams('+15550499999'));
    expect(unknown.status).toBe(200);
    const twiml = await unknown.text();
    expect(twiml).toContain('<Say>');
    expect(twiml).toContain('<Hangup/>');
    expect(twiml).not.toContain('<Stream');

    const onboarding = await createCustomer(t.db.pool, {
      email: 'not-live@example.test',
      businessName: 'Not Live Yet',
      plan: 'pro',
      status: 'trial',
    });
    await insertPhoneNumber(t.db.pool, {
      customerId: onboarding.id,
      e164: '+15550400002',
      twilioSid: null,
      smsEnabled: false,
    });
    await activateCustomerNumbers(t.db.pool, onboarding.id);
    const notLive = await (
      await postSignedWebhook(t.sim, '/twilio/voice', voiceParams('+15550400002'))
    ).text();
    expect(notLive).toContain('<Hangup/>');
    expect(notLive).not.toContain('<Stream');
  });

  it('streams a live business call with the call identity and a token in <Parameter>s, never a query string', async () => {
    await t.liveBusiness('+15550400003');
    const res = await postSignedWebhook(t.sim, '/twilio/voice', voiceParams('+15550400003'));
    const twiml = await res.text();
    expect(res.headers.get('content-type')).toContain('text/xml');
    expect(twiml).toMatch(/<Stream url="ws:\/\/receptionist\.test\/twilio\/media"/);
    expect(twiml).toMatch(/<Parameter name="callId" value="[0-9a-f-]{36}"\/>/);
    expect(twiml).toMatch(/<Parameter name="token" value="[\w-]{20,}"\/>/);
    expect(twiml).not.toMatch(/url="[^"]*\?/);
  });
});

describe('WS /twilio/media', () => {
  it('closes a stream whose start has no valid token, and a replayed token', async () => {
    await t.liveBusiness('+15550400004');
    const first = new SimulatedCall(t.sim, { from: '+15557654321', to: '+15550400004' });
    await first.dial();
    const token = first.parameters.token ?? /name="token" value="([^"]+)"/.exec(first.twiml)![1]!;

    const forged = new SimulatedCall(t.sim, { from: '+1555', to: '+15550400004' });
    forged.twiml = first.twiml;
    await forged.connect({ callId: 'x', token: 'forged-token-aaaaaaaaaaaaaaaa' });
    await forged.waitFor(() => forged.closed, 5000, 'forged stream to close');
    expect(forged.closeCode).toBe(4401);

    const noToken = new SimulatedCall(t.sim, { from: '+1555', to: '+15550400004' });
    noToken.twiml = first.twiml;
    await noToken.connect({});
    await noToken.waitFor(() => noToken.closed, 5000, 'tokenless stream to close');

    const badSignature = new SimulatedCall(t.sim, { from: '+1555', to: '+15550400004' });
    badSignature.twiml = first.twiml;
    badSignature.signatureOverride = 'bm90IGEgc2lnbmF0dXJl';
    await badSignature.connect({ callId: 'x', token });
    await badSignature.waitFor(() => badSignature.closed, 5000, 'badly signed stream to close');
    expect(badSignature.closeCode).toBe(4403);

    // The token was not consumed by the refused handshake: the real stream still works.
    await first.connect();
    await first.waitToHear('How can I help you today?');
    const replay = new SimulatedCall(t.sim, { from: '+1555', to: '+15550400004' });
    replay.twiml = first.twiml;
    await replay.connect({ callId: first.parameters.callId!, token });
    await replay.waitFor(() => replay.closed, 5000, 'replayed stream to close');
    expect(replay.events('media')).toEqual([]);
    expect(first.closed).toBe(false);
    first.hangup();
  });
});

describe('POST /twilio/status and /twilio/stream-ended', () => {
  it('completes the CallLog with Twilio’s duration, signature-checked', async () => {
    const business = await t.liveBusiness('+15550400005');
    const call = await t.call('+15550400005');
    await call.waitToHear('How can I help you today?');
    call.hangup();
    const callId = call.parameters.callId!;
    await call.waitFor(() => !t.voice.session(callId), 5000, 'session to close');
    const unsigned = await postSignedWebhook(
      t.sim,
      '/twilio/status',
      { CallSid: call.callSid, CallStatus: 'completed' },
      'x',
    );
    expect(unsigned.status).toBe(403);
    const res = await postSignedWebhook(t.sim, '/twilio/status', {
      CallSid: call.callSid,
      CallStatus: 'completed',
      CallDuration: '42',
    });
    expect(res.status).toBe(204);
    const row = await findCallById(t.db.pool, business.id, callId);
    expect(row?.duration_ms).toBe(42_000);
    expect(row?.outcome).toBe('completed');
    expect(row?.ended_at).not.toBeNull();

    const ended = await postSignedWebhook(t.sim, '/twilio/stream-ended', { CallSid: call.callSid });
    expect(await ended.text()).toContain('<Hangup/>');
  });
});
