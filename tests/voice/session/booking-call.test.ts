import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findCallById } from '../../../db/calls.ts';
import { turnsOfCall } from '../../../db/conversation-turns.ts';
import { buildVoiceTestApp, type VoiceTestApp } from './voice-test-app.ts';

let t: VoiceTestApp;
beforeAll(async () => {
  t = await buildVoiceTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('a phone call through the Twilio simulator', () => {
  it('books an appointment with the built-in receptionist and persists every turn (Property 3)', async () => {
    const business = await t.liveBusiness('+15550100001');
    const call = await t.call('+15550100001');
    expect(call.twiml).toContain('<Connect action="http://receptionist.test/twilio/stream-ended">');
    expect(call.twiml).toContain('<Stream url="ws://receptionist.test/twilio/media"');
    expect(call.parameters.token).toBeTruthy();
    expect(call.twiml).not.toMatch(/media\?/);

    await call.waitToHear('Thank you for calling Bright Smiles Dental');
    await call.say("I'd like to book a cleaning next Tuesday at 3pm");
    await call.waitToHear('May I have your name, please?');
    await call.say('My name is Jane Doe');
    await call.waitToHear('Shall I book that?');
    expect(call.heardTexts().join(' ')).toContain('Tuesday, December 1 at 3:00 PM for Jane Doe');
    await call.say('Yes please');
    await call.waitToHear("You're all set, Jane Doe");
    await call.say('No thanks, bye');
    await call.waitToHear('Goodbye!');
    await call.waitFor(() => call.closed, 10_000, 'the platform to hang up');

    expect(t.calendar.appointments).toHaveLength(1);
    const appointment = t.calendar.appointments[0]!;
    expect(appointment.start.toISOString()).toBe('2026-12-01T20:00:00.000Z');
    expect(appointment.callerName).toBe('Jane Doe');
    expect(appointment.service).toBe('Cleaning');
    expect(appointment.customerId).toBe(business.id);

    const callId = call.parameters.callId!;
    await call.waitFor(() => !t.voice.session(callId), 5000, 'session to close');
    const row = await findCallById(t.db.pool, business.id, callId);
    expect(row?.outcome).toBe('completed');
    expect(row?.appointment_booked).toBe(true);
    expect(row?.call_sid).toBe(call.callSid);
    expect(row?.transcript).toContain('Caller: My name is Jane Doe');
    expect(row?.caller_info).toMatchObject({ name: 'Jane Doe', phone: '+15557654321' });

    const turns = await turnsOfCall(t.db.pool, business.id, callId);
    const callerTurns = turns.filter((turn) => turn.user_utterance);
    expect(callerTurns.map((turn) => turn.user_utterance)).toEqual([
      "I'd like to book a cleaning next Tuesday at 3pm",
      'My name is Jane Doe',
      'Yes please',
      'No thanks, bye',
    ]);
    for (const turn of callerTurns) {
      expect(turn.ai_response.length).toBeGreaterThan(0);
      expect(turn.user_audio_bytes).toBeGreaterThan(0);
      expect(turn.ai_audio_bytes).toBeGreaterThan(0);
      expect(turn).toMatchObject({
        stt_provider: 'fake-stt',
        tts_provider: 'fake-tts',
        llm_provider: 'builtin',
      });
      expect(turn.metadata).toMatchObject({
        industry: 'healthcare',
        profession: 'dentist',
        callType: 'phone',
      });
      expect(turn.latency).toHaveProperty('totalMs');
    }
    expect(callerTurns[2]!.tool_calls).toEqual([
      expect.objectContaining({ name: 'book_appointment', ok: true }),
    ]);

    const histogram = await t.metrics.getSingleMetricAsString('voice_turn_latency_seconds');
    expect(histogram).toMatch(/voice_turn_latency_seconds_count\{stage="total"\} [1-9]/);
    const sessions = await t.db.pool.oneFirst(
      sql.type(
        z.object({ n: z.coerce.number() }),
      )`SELECT count(*) AS n FROM conversation_turns WHERE call_id = ${callId}`,
    );
    expect(sessions).toBe(turns.length);
  });
});
