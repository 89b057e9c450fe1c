import { sql } from 'slonik';
import { z } from 'zod';
import { markOnboardingLive, setCustomerLive } from '../../db/onboarding.ts';
import type { DatabasePool } from '../../db/pool.ts';
import { completeStep } from '../../domain/onboarding/complete-step.ts';
import type { Step } from '../../domain/onboarding/state-machine.ts';
import { outboxRows } from '../helpers/outbox-rows.ts';

/**
 * Data the browser tests need that only other parts of the system produce (a finished
 * onboarding, calls from the voice pipeline), written straight into the test's database.
 */

const weekday = [{ open: '09:00', close: '17:00' }];

export const SEED_BUSINESS = {
  name: 'Seaside Dental',
  industry: 'Dental clinic',
  profession: 'Dentist',
  phone: '+14155550100',
  services: [
    { name: 'Cleaning', durationMin: 30, priceCents: 9000, currency: 'USD' },
    { name: 'Check-up', durationMin: 20, priceCents: 6000, currency: 'USD' },
  ],
  hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
  timeZone: 'America/New_York',
  address: '1 Harbour Road, Springfield',
};

/** Steps 1–6 done (and optionally live), as if the owner had clicked through the wizard. */
export async function seedOnboarded(
  pool: DatabasePool,
  customerId: string,
  options: { live?: boolean; throughStep?: number } = {},
): Promise<void> {
  const through = options.throughStep ?? 6;
  await pool.transaction(async (tx) => {
    const steps: [Step, Parameters<typeof completeStep>[4]][] = [
      [1, { businessInfo: SEED_BUSINESS }],
      [
        2,
        {
          phoneConfig: {
            businessPhone: '+14155550100',
            twilioNumber: '+15550100042',
            smsEnabled: true,
            carrier: 'generic',
            forwarding: {
              unconditional: '*72 5550100042',
              busy: '*90 5550100042',
              noAnswer: '*92 5550100042',
              disable: '*73',
            },
          },
        },
      ],
      [
        3,
        {
          callerResponses: {
            greeting: 'Thank you for calling Seaside Dental!',
            instructions: 'Offer the earliest slot.',
          },
        },
      ],
      [4, { calendarIntegration: { provider: 'builtin', status: 'connected' } }],
      [5, { demoCompleted: true }],
      [6, {}],
    ];
    for (const [step, data] of steps)
      if (step <= through) await completeStep(tx, outboxRows(tx), customerId, step, data);
    if (options.live) {
      await completeStep(tx, outboxRows(tx), customerId, 7);
      await markOnboardingLive(tx, customerId);
      await setCustomerLive(tx, customerId);
    }
  });
}

export interface SeededTurn {
  user: string;
  ai: string;
}

/** 0.1 s of μ-law silence (0xFF), enough for the audio endpoint to serve a playable WAV. */
const SILENCE = Buffer.alloc(800, 0xff);

/**
 * A finished phone call with its turns, as the voice pipeline writes it: transcript, per-turn
 * providers, latency, audio on both sides, and optionally the appointment it booked.
 */
export async function seedCall(
  pool: DatabasePool,
  customerId: string,
  options: {
    fromNumber?: string;
    turns: SeededTurn[];
    booked?: { service: string; callerName: string; startsAt: Date };
    outcome?: 'completed' | 'missed';
    minutesAgo?: number;
  },
): Promise<string> {
  const startedAt = new Date(Date.now() - (options.minutesAgo ?? 5) * 60_000);
  const durationMs = 20_000 + options.turns.length * 8_000;
  const transcript = options.turns.map((t) => `Caller: ${t.user}\nReceptionist: ${t.ai}`).join('\n');
  return pool.transaction(async (tx) => {
    const callId = await tx.oneFirst(sql.type(z.object({ id: z.string() }))`
      INSERT INTO calls (customer_id, call_sid, call_type, from_number, to_number, started_at, ended_at,
        duration_ms, outcome, transcript, appointment_booked, providers)
      VALUES (${customerId}, ${`CA${Math.random().toString(16).slice(2).padEnd(32, '0')}`}, 'phone',
        ${options.fromNumber ?? '+14155550199'}, '+15550100042', ${startedAt.toISOString()},
        ${new Date(startedAt.getTime() + durationMs).toISOString()}, ${durationMs},
        ${options.outcome ?? 'completed'}, ${transcript}, ${options.booked !== undefined},
        ${sql.jsonb({ stt: 'local', llm: 'builtin', tts: 'local' })})
      RETURNING id`);
    for (const [index, turn] of options.turns.entries()) {
      await tx.query(sql.unsafe`
        INSERT INTO conversation_turns (customer_id, call_id, turn_index, created_at, user_utterance,
          user_audio, ai_response, ai_audio, stt_provider, tts_provider, llm_provider, latency)
        VALUES (${customerId}, ${callId}, ${index},
          ${new Date(startedAt.getTime() + index * 8_000).toISOString()}, ${turn.user},
          ${sql.binary(SILENCE)}, ${turn.ai}, ${sql.binary(SILENCE)}, 'deepgram', 'ibm', 'openai',
          ${sql.jsonb({ totalMs: 640 + index, sttMs: 180, llmMs: 310, ttsMs: 150 })})`);
    }
    if (options.booked) {
      const { service, callerName, startsAt } = options.booked;
      await tx.query(sql.unsafe`
        INSERT INTO appointments (customer_id, call_id, service, caller_name, caller_phone, starts_at, ends_at)
        VALUES (${customerId}, ${callId}, ${service}, ${callerName}, ${options.fromNumber ?? '+14155550199'},
          ${startsAt.toISOString()}, ${new Date(startsAt.getTime() + 30 * 60_000).toISOString()})`);
    }
    return callId;
  });
}
