import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_AUDIO_BYTES } from '../../domain/analytics/event-schemas.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
let alice: { id: string; cookie: string };
let bob: { id: string; cookie: string };

beforeAll(async () => {
  t = await buildTestApp();
  const a = await t.createCustomer();
  const b = await t.createCustomer();
  alice = { id: a.id, cookie: await t.sessionCookie(a.id) };
  bob = { id: b.id, cookie: await t.sessionCookie(b.id) };
});
afterAll(async () => {
  await t?.close();
});

const post = (url: string, payload: unknown, cookie?: string) =>
  t.app.inject({ method: 'POST', url, headers: cookie ? { cookie } : {}, payload: payload as object });

describe('POST /api/logging/event', () => {
  it('records the event for the session customer; the client cannot choose customer, user or time', async () => {
    const res = await post(
      '/api/logging/event',
      {
        eventType: 'onboarding.step_completed',
        eventData: { step: 2, duration: 45_000, success: true },
        sessionId: 'tab-1',
        metadata: { browser: 'firefox' },
        customerId: bob.id,
      },
      alice.cookie,
    );
    expect(res.statusCode).toBe(201);
    const row = (await t.db.pool.one(sql.unsafe`
      SELECT customer_id, user_id, event_type, event_data, session_id, metadata,
        abs(extract(epoch FROM now() - created_at)) < 60 AS recent
      FROM analytics_events WHERE id = ${res.json().id}`)) as Record<string, unknown>;
    expect(row).toMatchObject({
      customer_id: alice.id,
      user_id: alice.id,
      event_type: 'onboarding.step_completed',
      event_data: { step: 2, duration: 45_000, success: true },
      session_id: 'tab-1',
      recent: true,
    });
    expect(row.metadata).toEqual({ browser: 'firefox', source: 'portal' });
  });

  it('validates fields by name, limits the size and needs a session', async () => {
    const bad = await post('/api/logging/event', { eventType: 'x', eventData: { step: 9 } }, alice.cookie);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('eventData.step');
    const badType = await post('/api/logging/event', { eventType: 'drop table;' }, alice.cookie);
    expect(badType.json().error.message).toContain('eventType');
    const big = await post(
      '/api/logging/event',
      { eventType: 'x', metadata: { a: 'y'.repeat(400), b: 'z'.repeat(9000) } },
      alice.cookie,
    );
    expect(big.statusCode).toBe(413);
    expect((await post('/api/logging/event', { eventType: 'x' })).statusCode).toBe(401);
  });

  it('is rate-limited per session', async () => {
    const c = await t.createCustomer();
    const cookie = await t.sessionCookie(c.id);
    const codes: number[] = [];
    for (let i = 0; i < 125; i++)
      codes.push((await post('/api/logging/event', { eventType: 'ping' }, cookie)).statusCode);
    expect(codes.filter((s) => s === 201)).toHaveLength(120);
    expect(codes.at(-1)).toBe(429);
    // Another session still has its own budget.
    expect((await post('/api/logging/event', { eventType: 'ping' }, bob.cookie)).statusCode).toBe(201);
  });
});

describe('POST /api/logging/conversation', () => {
  it('creates an imported call, then appends consecutive turns with audio', async () => {
    const audio = Buffer.alloc(800, 0x7f);
    const first = await post(
      '/api/logging/conversation',
      {
        userUtterance: 'I need a haircut',
        aiResponse: 'When suits you?',
        userAudio: audio.toString('base64'),
        intent: 'book',
        confidence: 0.91,
      },
      alice.cookie,
    );
    expect(first.statusCode).toBe(201);
    const { callId } = first.json();
    expect(first.json().turnIndex).toBe(0);
    const second = await post(
      '/api/logging/conversation',
      {
        callId,
        userUtterance: 'Friday',
        aiResponse: 'Booked.',
        toolCalls: [{ name: 'book', arguments: { day: 'fri' } }],
      },
      alice.cookie,
    );
    expect(second.json().turnIndex).toBe(1);
    const turns = (await t.db.pool.any(sql.unsafe`
      SELECT turn_index, customer_id, user_audio, tool_calls, metadata FROM conversation_turns
      WHERE call_id = ${callId} ORDER BY turn_index`)) as readonly Record<string, unknown>[];
    expect(turns.map((x) => x.customer_id)).toEqual([alice.id, alice.id]);
    expect((turns[0]!.user_audio as Buffer).equals(audio)).toBe(true);
    expect(turns[1]!.tool_calls).toEqual([
      { name: 'book', arguments: { day: 'fri' }, ok: true, summary: '' },
    ]);
    const call = (await t.db.pool.one(
      sql.unsafe`SELECT transcript, customer_id FROM calls WHERE id = ${callId}`,
    )) as { transcript: string };
    expect(call.transcript).toContain('Caller: Friday');
    // It is now searchable from the portal.
    const found = await t.app.inject({
      method: 'GET',
      url: `/api/portal/${alice.id}/calls?q=haircut`,
      headers: { cookie: alice.cookie },
    });
    expect(found.json().calls.map((c: { id: string }) => c.id)).toEqual([callId]);
  });

  it('refuses another customer’s call (404), bad audio and empty turns', async () => {
    const own = await post('/api/logging/conversation', { userUtterance: 'hello' }, bob.cookie);
    const bobCall = own.json().callId;
    const res = await post(
      '/api/logging/conversation',
      { callId: bobCall, userUtterance: 'sneaky' },
      alice.cookie,
    );
    expect(res.statusCode).toBe(404);
    const count = await t.db.pool.oneFirst(
      sql.unsafe`SELECT count(*)::int FROM conversation_turns WHERE call_id = ${bobCall}`,
    );
    expect(count).toBe(1);

    const tooBig = Buffer.alloc(MAX_AUDIO_BYTES + 3000).toString('base64');
    const big = await post(
      '/api/logging/conversation',
      { userUtterance: 'x', aiAudio: tooBig },
      alice.cookie,
    );
    expect(big.statusCode).toBe(400);
    expect(big.json().error.message).toContain('aiAudio');
    const notB64 = await post(
      '/api/logging/conversation',
      { userUtterance: 'x', userAudio: '@@@' },
      alice.cookie,
    );
    expect(notB64.json().error.message).toContain('userAudio');
    const empty = await post('/api/logging/conversation', { userUtterance: '  ' }, alice.cookie);
    expect(empty.statusCode).toBe(400);
    const badConfidence = await post(
      '/api/logging/conversation',
      { userUtterance: 'x', confidence: 2 },
      alice.cookie,
    );
    expect(badConfidence.json().error.message).toContain('confidence');
    expect((await post('/api/logging/conversation', { userUtterance: 'x' })).statusCode).toBe(401);
  });
});
