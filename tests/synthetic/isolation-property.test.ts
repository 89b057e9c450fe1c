import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { pino } from 'pino';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { handle } from '../../jobs/definitions/exports/export-conversations.handler.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Property 7 for synthetic data: whatever mix of real calls and imported synthetic conversations
 * two customers hold, a customer's conversations, exports and analytics never show the other's
 * rows; their own synthetic rows appear only when asked for; and synthetic data never counts as
 * calls or minutes (call log, dashboards, outcomes, durations).
 */
let t: TestApp;
let dataDir: string;
let run = 0;

interface Side {
  id: string;
  cookie: string;
  real: { turns: number; durationMs: number }[];
  synthetic: number[];
}

const Mix = fc.record({
  real: fc.array(
    fc.record({ turns: fc.integer({ min: 1, max: 3 }), durationMs: fc.integer({ min: 1000, max: 600_000 }) }),
    {
      maxLength: 3,
    },
  ),
  synthetic: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
});

async function seed(mix: { real: Side['real']; synthetic: number[] }, tag: string): Promise<Side> {
  const customer = await t.createCustomer({ businessName: `P7 ${tag}` });
  const cookie = await t.sessionCookie(customer.id);
  for (const call of mix.real) {
    const callId = (await t.db.pool.oneFirst(sql.unsafe`
      INSERT INTO calls (customer_id, call_type, started_at, ended_at, duration_ms, outcome, transcript)
      VALUES (${customer.id}, 'phone', now() - interval '1 minute', now(), ${call.durationMs}, 'completed',
        ${`Caller: real ${tag}`}) RETURNING id`)) as string;
    for (let i = 0; i < call.turns; i++) {
      await t.db.pool.query(sql.unsafe`
        INSERT INTO conversation_turns (customer_id, call_id, turn_index, user_utterance, ai_response, intent, latency)
        VALUES (${customer.id}, ${callId}, ${i}, ${`real ${tag} ${i}`}, 'ok', 'question', ${sql.jsonb({ totalMs: 200 })})`);
    }
  }
  const lines = mix.synthetic.map((turns, c) =>
    JSON.stringify({
      id: `${tag}-conv-${c}`,
      metadata: { industry: 'dental', callType: 'phone', profession: `synthetic ${tag}` },
      messages: [
        { role: 'system', content: `Synthetic receptionist ${tag}` },
        ...Array.from({ length: turns }, (_, i) => [
          { role: 'user', content: `synthetic ${tag} ${c} ${i}` },
          { role: 'assistant', content: `answer ${tag} ${c} ${i}` },
        ]).flat(),
      ],
    }),
  );
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/analytics/${customer.id}/conversations/import`,
    headers: { cookie, 'content-type': 'application/x-ndjson' },
    payload: `${lines.join('\n')}\n`,
  });
  expect(res.statusCode).toBe(200);
  return { id: customer.id, cookie, real: mix.real, synthetic: mix.synthetic };
}

async function get(side: Side, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie: side.cookie } });
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function conversationTexts(side: Side, synthetic?: string): Promise<string[]> {
  const query = `?limit=200${synthetic ? `&synthetic=${synthetic}` : ''}`;
  const body = await get(side, `/api/analytics/${side.id}/conversations${query}`);
  return body.turns.map((x: { userText: string }) => x.userText);
}

async function exportTexts(side: Side, filters: Record<string, unknown>): Promise<string[]> {
  const exportId = await t.db.pool.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO exports (customer_id, requested_by, filters)
    VALUES (${side.id}, 'p7', ${sql.jsonb(filters as never)}) RETURNING id`);
  await handle(
    { exportId },
    { config: t.config, pool: t.db.pool, logger: pino({ level: 'silent' }), queues: t.queues, services: {} },
    { jobId: exportId, attempt: 1, maxAttempts: 1, progress: async () => {} },
  );
  const text = await readFile(join(dataDir, 'exports', `${exportId}.jsonl`), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .flatMap((line) =>
      (JSON.parse(line) as { messages: { role: string; content: string }[] }).messages
        .filter((m) => m.role === 'user')
        .flatMap((m) => m.content.split('\n')),
    );
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ar-p7-synthetic-'));
  t = await buildTestApp({ customize: (config) => Object.assign(config, { dataDir }) });
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('Property 7: synthetic data stays with its customer and never counts as calls or minutes', () => {
  it('holds for any mix of real and synthetic conversations of two customers', async () => {
    await fc.assert(
      fc.asyncProperty(Mix, Mix, async (mixA, mixB) => {
        run++;
        const a = await seed(mixA, `a${run}`);
        const b = await seed(mixB, `b${run}`);
        for (const [me, other] of [
          [a, b],
          [b, a],
        ] as const) {
          const tagOf = (texts: string[]) => new Set(texts.map((x) => x.split(' ')[1]));
          const realTurns = me.real.reduce((n, c) => n + c.turns, 0);
          const syntheticTurns = me.synthetic.reduce((n, c) => n + c, 0);
          const myTag = a === me ? `a${run}` : `b${run}`;

          // Conversations: real only by default, synthetic on request, never the other's.
          const byDefault = await conversationTexts(me);
          expect(byDefault).toHaveLength(realTurns);
          expect(byDefault.every((x) => x.startsWith('real '))).toBe(true);
          const included = await conversationTexts(me, 'include');
          expect(included).toHaveLength(realTurns + syntheticTurns);
          expect([...tagOf(included)].every((tag) => tag === myTag)).toBe(true);
          expect(await conversationTexts(me, 'only')).toHaveLength(syntheticTurns);

          // Exports: the same rules.
          expect(await exportTexts(me, {})).toHaveLength(realTurns);
          const exported = await exportTexts(me, { synthetic: 'include' });
          expect(exported).toHaveLength(realTurns + syntheticTurns);
          expect([...tagOf(exported)].every((tag) => tag === myTag)).toBe(true);

          // Calls and minutes: the call log, the owner's dashboard and the analytics outcomes
          // count real calls only, and synthetic calls carry no duration at all.
          const calls = await get(me, `/api/portal/${me.id}/calls?limit=100`);
          expect(calls.calls).toHaveLength(me.real.length);
          const dashboard = await get(me, `/api/portal/${me.id}/dashboard`);
          expect(dashboard.callsToday).toBe(me.real.length);
          const realMs = me.real.reduce((n, c) => n + c.durationMs, 0);
          expect(dashboard.avgCallDurationMs).toBe(me.real.length ? Math.round(realMs / me.real.length) : 0);
          const analytics = await get(me, `/api/analytics/${me.id}/dashboard`);
          const counted = analytics.outcomes.reduce((n: number, o: { calls: number }) => n + o.calls, 0);
          expect(counted).toBe(me.real.length);
          const withSynthetic = await get(me, `/api/analytics/${me.id}/dashboard?synthetic=include`);
          expect(withSynthetic.outcomes.reduce((n: number, o: { calls: number }) => n + o.calls, 0)).toBe(
            me.real.length + me.synthetic.length,
          );
          const minutes = await t.db.pool.oneFirst(sql.type(z.object({ ms: z.coerce.number() }))`
            SELECT coalesce(sum(duration_ms), 0) AS ms FROM calls WHERE customer_id = ${me.id} AND synthetic`);
          expect(minutes).toBe(0);

          // The other customer's synthetic call ids are not found through this customer.
          const theirs = await t.db.pool.anyFirst(sql.type(z.object({ id: z.uuid() }))`
            SELECT id FROM calls WHERE customer_id = ${other.id} AND synthetic`);
          for (const id of theirs) {
            const res = await t.app.inject({
              method: 'GET',
              url: `/api/portal/${me.id}/calls/${id}`,
              headers: { cookie: me.cookie },
            });
            expect(res.statusCode).toBe(404);
          }
        }
      }),
      { numRuns: 8 },
    );
  });
});
