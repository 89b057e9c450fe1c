import fc from 'fast-check';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { funnel } from '../../domain/analytics/funnel.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
let alice: { id: string; cookie: string };
let bob: { id: string; cookie: string };
const DAY = 86_400_000;
const turnIds: {
  id: string;
  at: number;
  intent: string;
  sentiment: string;
  confidence: number;
  callType: string;
}[] = [];

async function event(customerId: string, data: Record<string, unknown>, sessionId: string) {
  await t.db.pool.query(sql.unsafe`
    INSERT INTO analytics_events (customer_id, event_type, event_data, session_id)
    VALUES (${customerId}, 'onboarding.step', ${sql.jsonb(data as never)}, ${sessionId})`);
}

beforeAll(async () => {
  t = await buildTestApp();
  const a = await t.createCustomer();
  const b = await t.createCustomer();
  alice = { id: a.id, cookie: await t.sessionCookie(a.id) };
  bob = { id: b.id, cookie: await t.sessionCookie(b.id) };
  // Funnel: two sessions reach step 1, one reaches step 2 (after an error), nobody reaches step 3.
  await event(a.id, { step: 1, duration: 30_000, success: true }, 's1');
  await event(a.id, { step: 1, duration: 50_000, success: true }, 's2');
  await event(a.id, { step: 2, duration: 10_000, success: false, errorCode: 'invalid_phone' }, 's1');
  await event(a.id, { step: 2, duration: 20_000, success: true }, 's1');
  await event(b.id, { step: 3, duration: 1, success: true }, 'x');

  const now = Date.now();
  const outcomes = ['completed', 'completed', 'missed', 'transferred'];
  for (let c = 0; c < 8; c++) {
    const callType = c % 3 === 0 ? 'demo' : 'phone';
    const callId = (await t.db.pool.oneFirst(sql.unsafe`
      INSERT INTO calls (customer_id, call_type, started_at, outcome, appointment_booked)
      VALUES (${a.id}, ${callType}, to_timestamp(${(now - c * DAY) / 1000}), ${outcomes[c % 4]!}, ${c % 4 === 0})
      RETURNING id`)) as string;
    for (let i = 0; i < 5; i++) {
      const intent = ['book', 'hours', 'price'][(c + i) % 3]!;
      const sentiment = ['positive', 'neutral', 'negative'][(c * 5 + i) % 3]!;
      const confidence = ((c * 5 + i) % 10) / 10;
      // Several turns share an instant so the keyset tie-break on id is exercised.
      const at = now - c * DAY - Math.floor(i / 2) * 1000;
      const id = (await t.db.pool.oneFirst(sql.unsafe`
        INSERT INTO conversation_turns (customer_id, call_id, turn_index, created_at, user_utterance, ai_response,
          intent, sentiment, confidence, latency, failovers)
        VALUES (${a.id}, ${callId}, ${i}, to_timestamp(${at / 1000}), ${i === 2 ? 'my boiler is broken' : 'hello'}, 'ok',
          ${intent}, ${sentiment}, ${confidence}, ${sql.jsonb({ totalMs: 100 * (c * 5 + i + 1), sttMs: 50 })},
          ${sql.jsonb(i === 0 ? [{ role: 'stt', from: 'deepgram', to: 'ibm' }] : c === 1 && i === 1 ? [{ role: 'llm', from: 'openai', to: 'builtin' }] : [])})
        RETURNING id`)) as string;
      turnIds.push({ id, at, intent, sentiment, confidence, callType });
    }
  }
  turnIds.sort((x, y) => y.at - x.at || (y.id > x.id ? 1 : -1));
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, cookie = alice.cookie) => t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('funnel maths', () => {
  it('computes reach, drop-off, errors and time per step', () => {
    const steps = funnel([
      { step: 1, sessions: 4, events: 4, durationMs: 4000, errors: 1, completed: 4 },
      { step: 2, sessions: 3, events: 3, durationMs: 300, errors: 0, completed: 3 },
      { step: 4, sessions: 1, events: 1, durationMs: 10, errors: 0, completed: 1 },
    ]);
    expect(steps.map((s) => [s.step, s.reached, s.dropOff])).toEqual([
      [1, 4, 1],
      [2, 3, 3],
      [3, 0, 0],
      [4, 1, 1],
      [5, 0, 0],
      [6, 0, 0],
      [7, 0, 0],
    ]);
    expect(steps[0]).toMatchObject({ avgDurationMs: 1000, errors: 1, dropOffRate: 0.25 });
  });
});

describe('GET /api/analytics/:customerId/dashboard', () => {
  it('reports the funnel, outcomes, conversion, series, failovers and latency of this customer only', async () => {
    const res = await get(`/api/analytics/${alice.id}/dashboard`);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.funnel.slice(0, 3)).toEqual([
      { step: 1, reached: 2, completed: 2, errors: 0, avgDurationMs: 40_000, dropOff: 1, dropOffRate: 0.5 },
      { step: 2, reached: 1, completed: 1, errors: 1, avgDurationMs: 30_000, dropOff: 1, dropOffRate: 1 },
      { step: 3, reached: 0, completed: 0, errors: 0, avgDurationMs: 0, dropOff: 0, dropOffRate: 0 },
    ]);
    expect(
      Object.fromEntries(d.outcomes.map((o: { outcome: string; calls: number }) => [o.outcome, o.calls])),
    ).toEqual({
      completed: 4,
      missed: 2,
      transferred: 2,
    });
    expect(d.conversionRate).toBeCloseTo(2 / 6);
    expect(d.failovers).toEqual({ stt: 8, tts: 0, llm: 1 });
    const total = d.latency.find((l: { stage: string }) => l.stage === 'totalMs');
    expect(total.samples).toBe(40);
    expect(total.p50).toBeCloseTo(2050);
    expect(d.latency.find((l: { stage: string }) => l.stage === 'sttMs').p99).toBe(50);
    const intentTotal = d.intents
      .flatMap((s: { points: { turns: number }[] }) => s.points)
      .reduce((n: number, p: { turns: number }) => n + p.turns, 0);
    expect(intentTotal).toBe(40);
    expect(d.sentiment.map((s: { label: string }) => s.label)).toEqual(['negative', 'neutral', 'positive']);
  });

  it('validates the range', async () => {
    const res = await get(`/api/analytics/${alice.id}/dashboard?from=2026-05-01&to=2026-04-01`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('from');
  });
});

describe('GET /api/analytics/:customerId/conversations', () => {
  it('keyset pages equal the filtered ordered list, without duplicates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 9 }),
        fc.option(fc.constantFrom('book', 'hours', 'price'), { nil: undefined }),
        fc.option(fc.constantFrom('positive', 'neutral', 'negative'), { nil: undefined }),
        fc.option(fc.constantFrom('phone', 'demo'), { nil: undefined }),
        fc.option(fc.constantFrom(0.3, 0.5, 1), { nil: undefined }),
        async (limit, intent, sentiment, callType, maxConfidence) => {
          const expected = turnIds
            .filter(
              (x) =>
                (!intent || x.intent === intent) &&
                (!sentiment || x.sentiment === sentiment) &&
                (!callType || x.callType === callType) &&
                (maxConfidence === undefined || x.confidence < maxConfidence - 1e-6),
            )
            .map((x) => x.id);
          const seen: string[] = [];
          let cursor: string | null = null;
          for (let page = 0; page < 100; page++) {
            const qs = new URLSearchParams({ limit: String(limit) });
            if (intent) qs.set('intent', intent);
            if (sentiment) qs.set('sentiment', sentiment);
            if (callType) qs.set('callType', callType);
            if (maxConfidence !== undefined) qs.set('maxConfidence', String(maxConfidence));
            if (cursor) qs.set('cursor', cursor);
            const res = await get(`/api/analytics/${alice.id}/conversations?${qs}`);
            expect(res.statusCode).toBe(200);
            const body = res.json() as { turns: { id: string }[]; nextCursor: string | null };
            seen.push(...body.turns.map((x) => x.id));
            cursor = body.nextCursor;
            if (!cursor) break;
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('searches the turn text and filters by industry', async () => {
    const found = (await get(`/api/analytics/${alice.id}/conversations?q=boiler&limit=100`)).json();
    expect(found.turns).toHaveLength(8);
    expect(found.turns.every((x: { userText: string }) => x.userText.includes('boiler'))).toBe(true);
    await t.db.pool.query(sql.unsafe`UPDATE customers SET industry = 'Plumbing' WHERE id = ${alice.id}`);
    expect(
      (await get(`/api/analytics/${alice.id}/conversations?industry=plumbing&limit=5`)).json().turns,
    ).toHaveLength(5);
    expect((await get(`/api/analytics/${alice.id}/conversations?industry=dental`)).json().turns).toHaveLength(
      0,
    );
  });

  it('answers 404 to another customer and validates filters by name', async () => {
    expect((await get(`/api/analytics/${alice.id}/conversations`, bob.cookie)).statusCode).toBe(404);
    const bad = await get(`/api/analytics/${alice.id}/conversations?maxConfidence=3`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('maxConfidence');
  });
});
