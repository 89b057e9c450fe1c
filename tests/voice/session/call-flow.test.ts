import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCallById } from '../../../db/calls.ts';
import { turnsOfCall } from '../../../db/conversation-turns.ts';
import { buildVoiceTestApp, type VoiceTestApp } from './voice-test-app.ts';

let t: VoiceTestApp;
beforeAll(async () => {
  t = await buildVoiceTestApp({ session: { silenceRepromptMs: 400, maxSilenceReprompts: 1 } });
});
afterAll(async () => {
  await t.close();
});

describe('call control', () => {
  it('reprompts after a quiet spell, then says goodbye and hangs up', async () => {
    const business = await t.liveBusiness('+15550300001');
    const call = await t.call('+15550300001');
    await call.waitToHear('Are you still there?', 10_000);
    await call.waitToHear("I haven't heard anything, so I'll hang up now.", 10_000);
    await call.waitFor(() => call.closed, 10_000, 'hang-up');
    const callId = call.parameters.callId!;
    await call.waitFor(() => !t.voice.session(callId), 5000, 'session to close');
    const row = await findCallById(t.db.pool, business.id, callId);
    expect(row?.outcome).toBe('abandoned');
    expect(row?.success).toBe(false);
  });

  it('speech resets the silence count', async () => {
    await t.liveBusiness('+15550300002');
    const call = await t.call('+15550300002');
    await call.waitToHear('How can I help you today?');
    await call.say('What are your hours?');
    await call.waitToHear("Today we're open");
    expect(call.closed).toBe(false);
    call.hangup();
  });

  it('DTMF 0 transfers the caller to the owner through the Twilio REST API', async () => {
    const business = await t.liveBusiness('+15550300003', { ownerPhone: '+15550009999' });
    const call = await t.call('+15550300003');
    await call.waitToHear('How can I help you today?');
    call.sendDtmf('0');
    await call.waitToHear('Connecting you now', 10_000);
    await call.waitFor(
      () => t.callUpdates.some((u) => u.callSid === call.callSid),
      10_000,
      'REST call update',
    );
    const update = t.callUpdates.find((u) => u.callSid === call.callSid)!;
    expect(update.twiml).toBe('<Response><Dial>+15550009999</Dial></Response>');
    expect(update.accountSid).toBe(t.config.twilio.accountSid);
    await call.waitFor(() => call.closed, 5000, 'stream to end');
    const callId = call.parameters.callId!;
    await call.waitFor(() => !t.voice.session(callId), 5000, 'session to close');
    expect((await findCallById(t.db.pool, business.id, callId))?.outcome).toBe('transferred');
  });

  it('a spoken request for a person transfers too', async () => {
    await t.liveBusiness('+15550300004', { ownerPhone: '+15550008888' });
    const call = await t.call('+15550300004');
    await call.waitToHear('How can I help you today?');
    await call.say('Can I speak to a real person please');
    await call.waitFor(
      () => t.callUpdates.some((u) => u.callSid === call.callSid),
      10_000,
      'REST call update',
    );
    expect(t.callUpdates.find((u) => u.callSid === call.callSid)?.twiml).toContain(
      '<Dial>+15550008888</Dial>',
    );
  });

  it('malformed and binary frames are ignored and the call goes on', async () => {
    await t.liveBusiness('+15550300005');
    const call = await t.call('+15550300005');
    call.sendRaw('this is not json');
    call.sendRaw(Buffer.from([0xde, 0xad, 0xbe, 0xef]), true);
    call.sendRaw('{"event":"media"}');
    call.sendRaw('{"event":"mark","mark":{}}');
    call.sendRaw('{"event":"teleport"}');
    call.sendRaw('[1,2,3]');
    await call.waitToHear('How can I help you today?');
    await call.say('Where are you located?');
    await call.waitToHear("We're at 12 Main Street, Springfield.");
    expect(call.closed).toBe(false);
    call.hangup();
  });

  it('two concurrent calls for two businesses never mix (Property 7)', async () => {
    const a = await t.liveBusiness('+15550300006', {
      businessName: 'Alpha Plumbing',
      address: '1 Alpha Road',
    });
    const b = await t.liveBusiness('+15550300007', { businessName: 'Beta Bakery', address: '2 Beta Lane' });
    const [callA, callB] = await Promise.all([t.call('+15550300006'), t.call('+15550300007')]);
    await Promise.all([callA.waitToHear('Alpha Plumbing'), callB.waitToHear('Beta Bakery')]);
    await Promise.all([callA.say('Where are you located?'), callB.say('Where are you located?')]);
    await Promise.all([callA.waitToHear('1 Alpha Road'), callB.waitToHear('2 Beta Lane')]);
    await Promise.all([callA.say('What are your prices?'), callB.say('What services do you offer?')]);
    await Promise.all([
      callA.waitToHear('Cleaning is $90.00'),
      callB.waitToHear('We offer Cleaning and Whitening'),
    ]);
    const heardA = callA.heardTexts().join(' ');
    const heardB = callB.heardTexts().join(' ');
    expect(heardA).not.toMatch(/Beta|2 Beta Lane/);
    expect(heardB).not.toMatch(/Alpha|1 Alpha Road/);
    callA.hangup();
    callB.hangup();
    const idA = callA.parameters.callId!;
    const idB = callB.parameters.callId!;
    await callA.waitFor(() => !t.voice.session(idA) && !t.voice.session(idB), 5000, 'sessions to close');
    const turnsA = await turnsOfCall(t.db.pool, a.id, idA);
    const turnsB = await turnsOfCall(t.db.pool, b.id, idB);
    expect(turnsA.map((x) => x.user_utterance)).toContain('What are your prices?');
    expect(turnsB.map((x) => x.user_utterance)).toContain('What services do you offer?');
    expect(turnsA.map((x) => x.ai_response).join(' ')).not.toContain('Beta');
    expect(turnsB.map((x) => x.ai_response).join(' ')).not.toContain('Alpha');
    // Another customer's id finds nothing.
    expect(await turnsOfCall(t.db.pool, b.id, idA)).toEqual([]);
  });
});
