import fc from 'fast-check';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCall } from '../../../db/calls.ts';
import { turnsOfCall } from '../../../db/conversation-turns.ts';
import { createCustomer } from '../../../db/customers.ts';
import { CallRecorder } from '../../../domain/calls/call-recorder.ts';
import { BuiltinLlm } from '../../../voice/providers/llm/builtin/engine.ts';
import { CallSession } from '../../../voice/session/call-session.ts';
import { createVoiceMetrics } from '../../../voice/session/latency.ts';
import { FakeCalendar } from '../../../voice/testing/fake-calendar.ts';
import { FakeStt } from '../../../voice/testing/fake-stt.ts';
import { FakeTts } from '../../../voice/testing/fake-tts.ts';
import { LoopbackTransport } from '../../../voice/testing/loopback-transport.ts';
import { encodeSpeech, silence } from '../../../voice/testing/speech-code.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';
import { NOW, testProfile } from './voice-test-app.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const QUESTIONS = [
  'What are your hours?',
  'Where are you located?',
  'How much is a cleaning?',
  'What services do you offer?',
  'Do you sell gift cards?',
];

const waitUntil = async (ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!ok()) throw new Error('timed out');
};

describe('Property 3: every turn is persisted', () => {
  it('whatever the caller says, spoken or typed, each turn is stored with both texts, audio and providers', async () => {
    const customer = await createCustomer(db.pool, {
      email: 'p3@example.test',
      businessName: 'P3',
      plan: 'pro',
      status: 'active',
    });
    const business = testProfile(customer.id);
    const metrics = createVoiceMetrics(new Registry());
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ q: fc.constantFrom(...QUESTIONS), typed: fc.boolean() }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (turns) => {
          const call = await createCall(db.pool, {
            customerId: customer.id,
            callType: 'phone',
            callSid: null,
            fromNumber: null,
            toNumber: null,
          });
          const transport = new LoopbackTransport();
          const writer = new CallRecorder(
            db.pool,
            { customerId: customer.id, callId: call.id, callType: 'phone' },
            business,
            pino({ level: 'silent' }),
          );
          const session = new CallSession({
            call: {
              callId: call.id,
              callSid: null,
              callType: 'phone',
              callerNumber: '+15550001234',
              startedAt: Date.now(),
            },
            business,
            transport,
            providers: {
              stt: new FakeStt({ endpointFrames: 5 }),
              tts: new FakeTts({ msPerChar: 1 }),
              llm: new BuiltinLlm(),
            },
            services: {
              calendar: new FakeCalendar(),
              messages: { takeMessage: async () => {} },
              callControl: null,
              searchDocuments: async () => [],
              now: () => NOW,
            },
            writer,
            metrics,
            logger: pino({ level: 'silent' }),
          });
          await session.start();
          for (const [i, turn] of turns.entries()) {
            if (turn.typed) transport.emit({ type: 'text', text: turn.q });
            else transport.sendCallerAudio(Buffer.concat([encodeSpeech(turn.q, 300), silence(200)]));
            await waitUntil(
              () =>
                session.state === 'listening' &&
                session.transcriptSoFar().filter((x) => x.role === 'agent').length >= i + 2,
            );
          }
          await session.close('caller_hangup');
          const stored = (await turnsOfCall(db.pool, customer.id, call.id)).filter((x) => x.user_utterance);
          expect(stored.map((x) => x.user_utterance)).toEqual(turns.map((x) => x.q));
          for (const [i, row] of stored.entries()) {
            expect(row.ai_response.length).toBeGreaterThan(0);
            expect(row.ai_audio_bytes).toBeGreaterThan(0);
            expect(row.user_audio_bytes > 0).toBe(!turns[i]!.typed);
            expect(row.stt_provider).toBe(turns[i]!.typed ? null : 'fake-stt');
            expect(row).toMatchObject({ tts_provider: 'fake-tts', llm_provider: 'builtin' });
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});
