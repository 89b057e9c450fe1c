import fc from 'fast-check';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

/** Portal read endpoints over calls and turns seeded with plain SQL (CallSession writes them live). */
let t: TestApp;
let alice: { id: string; cookie: string };
let bob: { id: string; cookie: string };

interface SeedCall {
  id: string;
  startedAt: number;
  outcome: string;
  booked: boolean;
}
const aliceCalls: SeedCall[] = [];

async function insertCall(
  customerId: string,
  c: { startedAt: number; outcome?: string; booked?: boolean; durationMs?: number; transcript?: string },
) {
  return t.db.pool.oneFirst(sql.unsafe`
    INSERT INTO calls (customer_id, call_type, from_number, started_at, ended_at, duration_ms, outcome,
      transcript, appointment_booked)
    VALUES (${customerId}, 'phone', '+14155550100', to_timestamp(${c.startedAt / 1000}),
      to_timestamp(${(c.startedAt + (c.durationMs ?? 60_000)) / 1000}), ${c.durationMs ?? 60_000},
      ${c.outcome ?? 'completed'}, ${c.transcript ?? ''}, ${c.booked ?? false})
    RETURNING id`) as Promise<string>;
}

async function insertTurn(
  customerId: string,
  callId: string,
  index: number,
  user: string,
  ai: string,
  audio?: Buffer,
) {
  await t.db.pool.query(sql.unsafe`
    INSERT INTO conversation_turns (customer_id, call_id, turn_index, user_utterance, ai_response,
      user_audio, stt_provider, latency, tool_calls)
    VALUES (${customerId}, ${callId}, ${index}, ${user}, ${ai}, ${audio ? sql.binary(audio) : null},
      'deepgram', '{"totalMs": 640}'::jsonb, '[{"name":"book","arguments":{},"ok":true,"summary":"ok"}]'::jsonb)`);
}

beforeAll(async () => {
  t = await buildTestApp();
  const a = await t.createCustomer();
  const b = await t.createCustomer();
  alice = { id: a.id, cookie: await t.sessionCookie(a.id) };
  bob = { id: b.id, cookie: await t.sessionCookie(b.id) };
  // 60 calls, several sharing a start instant so the id tie-break matters.
  const base = Date.parse('2026-10-01T12:00:00Z');
  const outcomes = ['completed', 'missed', 'transferred', 'abandoned'];
  for (let i = 0; i < 60; i++) {
    const startedAt = base + Math.floor(i / 3) * 3_600_000;
    const outcome = outcomes[i % 4]!;
    const booked = i % 5 === 0;
    const id = await insertCall(alice.id, {
      startedAt,
      outcome,
      booked,
      transcript: `caller asked about plumbing ${i}`,
    });
    aliceCalls.push({ id, startedAt, outcome, booked });
  }
  aliceCalls.sort((x, y) => y.startedAt - x.startedAt || (y.id > x.id ? 1 : -1));
  await insertCall(bob.id, { startedAt: base, transcript: 'bob secret zebra' });
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, cookie = alice.cookie) => t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('GET /api/portal/:customerId/calls', () => {
  it('pages concatenated equal the full ordered list, with no duplicates, under any filter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 13 }),
        fc.option(fc.constantFrom('completed', 'missed', 'transferred', 'abandoned'), { nil: undefined }),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.option(fc.constant('plumbing'), { nil: undefined }),
        async (limit, outcome, booked, q) => {
          const expected = aliceCalls
            .filter(
              (c) =>
                (outcome === undefined || c.outcome === outcome) &&
                (booked === undefined || c.booked === booked),
            )
            .map((c) => c.id);
          const seen: string[] = [];
          let cursor: string | null = null;
          for (let page = 0; page < 100; page++) {
            const qs = new URLSearchParams({ limit: String(limit) });
            if (outcome) qs.set('outcome', outcome);
            if (booked !== undefined) qs.set('booked', String(booked));
            // Every seeded call mentions plumbing: the search must not change the list.
            if (q) qs.set('q', q);
            if (cursor) qs.set('cursor', cursor);
            const res = await get(`/api/portal/${alice.id}/calls?${qs}`);
            expect(res.statusCode).toBe(200);
            const body = res.json() as { calls: { id: string }[]; nextCursor: string | null };
            expect(body.calls.length).toBeLessThanOrEqual(limit);
            seen.push(...body.calls.map((c) => c.id));
            cursor = body.nextCursor;
            if (!cursor) break;
          }
          expect(seen).toEqual(expected);
          expect(new Set(seen).size).toBe(seen.length);
        },
      ),
      { numRuns: 16 },
    );
  });

  it('searches transcripts of calls and of their turns, only within the customer', async () => {
    const callId = aliceCalls[10]!.id;
    await insertTurn(alice.id, callId, 0, 'do you fix a leaking radiator', 'Yes, we can come tomorrow.');
    const byTurn = (await get(`/api/portal/${alice.id}/calls?q=radiator`)).json();
    expect(byTurn.calls.map((c: { id: string }) => c.id)).toEqual([callId]);
    expect(byTurn.calls[0].turnCount).toBe(1);
    const byCall = (await get(`/api/portal/${alice.id}/calls?q=plumbing&limit=100`)).json();
    expect(byCall.calls).toHaveLength(60);
    const other = (await get(`/api/portal/${alice.id}/calls?q=zebra`)).json();
    expect(other.calls).toEqual([]);
  });

  it('filters by date range and rejects bad cursors and dates with the field named', async () => {
    const res = await get(
      `/api/portal/${alice.id}/calls?from=2026-10-01T12:00:00Z&to=2026-10-01T14:00:00Z&limit=100`,
    );
    expect(res.json().calls).toHaveLength(6);
    const bad = await get(`/api/portal/${alice.id}/calls?cursor=nonsense`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('cursor');
    const badDate = await get(`/api/portal/${alice.id}/calls?from=yesterday`);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.message).toContain('from');
  });

  it('answers 404 to another customer and 401 without a session', async () => {
    expect((await get(`/api/portal/${alice.id}/calls`, bob.cookie)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/portal/${alice.id}/calls` })).statusCode).toBe(
      401,
    );
  });
});

describe('GET /api/portal/:customerId/calls/:callId', () => {
  it('returns the turns and booking, and 404 for another customer’s call id on one’s own path', async () => {
    const callId = await insertCall(alice.id, {
      startedAt: Date.now() - 5000,
      booked: true,
      transcript: 'hi',
    });
    await insertTurn(alice.id, callId, 1, 'second', 'reply two');
    await insertTurn(alice.id, callId, 0, 'first', 'reply one', Buffer.from([0xff, 0x7f, 0x00, 0x80]));
    await t.db.pool.query(sql.unsafe`
      INSERT INTO appointments (customer_id, call_id, service, caller_name, starts_at, ends_at)
      VALUES (${alice.id}, ${callId}, 'Boiler service', 'Sam', now() + interval '1 day', now() + interval '25 hours')`);
    const res = await get(`/api/portal/${alice.id}/calls/${callId}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.turns.map((x: { index: number; userText: string }) => [x.index, x.userText])).toEqual([
      [0, 'first'],
      [1, 'second'],
    ]);
    expect(body.turns[0]).toMatchObject({ hasUserAudio: true, hasAiAudio: false, sttProvider: 'deepgram' });
    expect(body.turns[0].latency).toEqual({ totalMs: 640 });
    expect(body.appointment).toMatchObject({
      service: 'Boiler service',
      callerName: 'Sam',
      callerPhone: null,
      status: 'booked',
    });
    expect(body.call).toMatchObject({ id: callId, appointmentBooked: true, turnCount: 2, transcript: 'hi' });

    const bobCall = await insertCall(bob.id, { startedAt: Date.now() });
    expect((await get(`/api/portal/${alice.id}/calls/${bobCall}`)).statusCode).toBe(404);
    expect((await get(`/api/portal/${alice.id}/calls/${bobCall}/turns/0/audio/caller`)).statusCode).toBe(404);
  });

  it('serves turn audio as a μ-law WAV with a correct RIFF header', async () => {
    const callId = await insertCall(alice.id, { startedAt: Date.now() - 1000 });
    const audio = Buffer.alloc(1600, 0xd5);
    await insertTurn(alice.id, callId, 0, 'hello', 'hi there', audio);
    const res = await get(`/api/portal/${alice.id}/calls/${callId}/turns/0/audio/caller`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    const wav = res.rawPayload;
    expect(wav.length).toBe(44 + 1600);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(36 + 1600);
    expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect(wav.readUInt32LE(16)).toBe(16);
    expect(wav.readUInt16LE(20)).toBe(7); // WAVE_FORMAT_MULAW
    expect(wav.readUInt16LE(22)).toBe(1);
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt32LE(28)).toBe(8000);
    expect(wav.readUInt16LE(32)).toBe(1);
    expect(wav.readUInt16LE(34)).toBe(8);
    expect(wav.toString('ascii', 36, 40)).toBe('data');
    expect(wav.readUInt32LE(40)).toBe(1600);
    expect(wav.subarray(44).equals(audio)).toBe(true);
    // No agent audio was stored for that turn.
    expect((await get(`/api/portal/${alice.id}/calls/${callId}/turns/0/audio/agent`)).statusCode).toBe(404);
    expect((await get(`/api/portal/${alice.id}/calls/${callId}/turns/0/audio/both`)).statusCode).toBe(400);
  });
});

describe('GET /api/portal/:customerId/dashboard', () => {
  it('counts a call made now as today and zero-fills 30 days', async () => {
    const c = await t.createCustomer();
    const cookie = await t.sessionCookie(c.id);
    await insertCall(c.id, { startedAt: Date.now() - 1000, booked: true, durationMs: 90_000 });
    await insertCall(c.id, { startedAt: Date.now() - 40 * 86_400_000, durationMs: 10_000 });
    const res = await get(`/api/portal/${c.id}/dashboard`, cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      callsToday: 1,
      callsThisWeek: 1,
      callsThisMonth: 1,
      answered: 1,
      missed: 0,
      appointmentsBooked: 1,
      avgCallDurationMs: 90_000,
      receptionist: { live: false, status: 'not_live' },
    });
    expect(body.daily).toHaveLength(30);
    expect(body.daily.reduce((s: number, d: { calls: number }) => s + d.calls, 0)).toBe(1);
    expect(body.busiestHours).toHaveLength(24);
  });
});
