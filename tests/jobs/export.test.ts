import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { pino } from 'pino';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handle } from '../../jobs/definitions/exports/export-conversations.handler.ts';
import { exportConversations } from '../../jobs/definitions/exports/export-conversations.ts';
import { anyJob } from '../../jobs/job-definition.ts';
import { startWorkers, type WorkerPool } from '../../jobs/worker.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';
import { TEST_ADMIN_TOKEN } from '../helpers/test-config.ts';

/** The export job end to end: HTTP request → BullMQ → JSONL (and zip) → progress → download. */
let t: TestApp;
let workers: WorkerPool;
let dataDir: string;
let alice: { id: string; cookie: string };
let bob: { id: string; cookie: string };

async function seedCall(
  customerId: string,
  callType: string,
  turns: { user: string; ai: string; tools?: unknown; intent?: string; audio?: boolean }[],
) {
  const callId = (await t.db.pool.oneFirst(sql.unsafe`
    INSERT INTO calls (customer_id, call_type, outcome) VALUES (${customerId}, ${callType}, 'completed') RETURNING id`)) as string;
  for (const [i, turn] of turns.entries()) {
    await t.db.pool.query(sql.unsafe`
      INSERT INTO conversation_turns (customer_id, call_id, turn_index, user_utterance, ai_response, tool_calls,
        intent, user_audio, ai_audio)
      VALUES (${customerId}, ${callId}, ${i}, ${turn.user}, ${turn.ai}, ${sql.jsonb((turn.tools ?? []) as never)},
        ${turn.intent ?? null}, ${turn.audio ? sql.binary(Buffer.alloc(320, i)) : null},
        ${turn.audio ? sql.binary(Buffer.alloc(480, 0x80 + i)) : null})`);
  }
  return callId;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ar-export-'));
  t = await buildTestApp({ customize: (config) => Object.assign(config, { dataDir }) });
  workers = await startWorkers(
    { config: t.config, pool: t.db.pool, logger: pino({ level: 'silent' }), queues: t.queues, services: {} },
    [anyJob(exportConversations)],
    { connection: t.redis, prefix: t.config.queuePrefix },
  );
  const a = await t.createCustomer();
  const b = await t.createCustomer();
  alice = { id: a.id, cookie: await t.sessionCookie(a.id) };
  bob = { id: b.id, cookie: await t.sessionCookie(b.id) };
  await t.db.pool.query(sql.unsafe`UPDATE customers SET industry = 'salon' WHERE id = ${a.id}`);
  await t.db.pool.query(sql.unsafe`UPDATE customers SET industry = 'dental' WHERE id = ${b.id}`);
  await t.db.pool.query(sql.unsafe`
    UPDATE onboarding_states SET business_info = ${sql.jsonb({
      name: 'Snip Salon',
      industry: 'salon',
      phone: '+14155550100',
      services: [{ name: 'Haircut', durationMin: 30, priceCents: 3000 }],
      hours: { tue: [{ open: '09:00', close: '18:00' }] },
      timeZone: 'Europe/London',
    })}, caller_responses = ${sql.jsonb({ greeting: 'Snip Salon, hello!', instructions: 'Never quote colour prices.' })}
    WHERE customer_id = ${a.id}`);
  await seedCall(alice.id, 'phone', [
    { user: '', ai: 'Snip Salon, hello!', audio: true },
    { user: 'Can I book a haircut on Tuesday?', ai: '', audio: true },
    {
      user: 'At ten please.',
      ai: 'You are booked for Tuesday at 10:00.',
      intent: 'book',
      tools: [
        {
          name: 'book_appointment',
          arguments: { service: 'Haircut', start: '2026-12-01T10:00' },
          ok: true,
          summary: 'booked 10:00',
        },
      ],
    },
  ]);
  await seedCall(alice.id, 'demo', [{ user: 'Is this a robot?', ai: 'I am the salon’s assistant.' }]);
  await seedCall(alice.id, 'phone', [{ user: 'hello?', ai: '' }]); // nothing to learn from: skipped
  await seedCall(bob.id, 'phone', [{ user: 'Toothache!', ai: 'We can see you at 9.' }]);
});
afterAll(async () => {
  await workers?.close();
  await t?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function waitDone(url: string, headers: Record<string, string>) {
  for (let i = 0; i < 200; i++) {
    const res = await t.app.inject({ method: 'GET', url, headers });
    const body = res.json();
    if (body.status === 'done' || body.status === 'failed') return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('export did not finish');
}

type Msg = {
  role: string;
  content?: string | null;
  tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
};

/** The fine-tuning chat format, checked message by message. */
function checkRecord(line: string): Msg[] {
  const record = JSON.parse(line) as { messages: Msg[] };
  expect(Object.keys(record)).toEqual(['messages']);
  const m = record.messages;
  expect(m[0]!.role).toBe('system');
  expect(typeof m[0]!.content).toBe('string');
  expect(m.filter((x) => x.role === 'system')).toHaveLength(1);
  expect(m.some((x) => x.role === 'assistant')).toBe(true);
  for (let i = 1; i < m.length; i++) {
    const msg = m[i]!;
    const prev = m[i - 1]!;
    expect(['user', 'assistant', 'tool']).toContain(msg.role);
    if (msg.role === 'user') {
      expect(typeof msg.content).toBe('string');
      expect(prev.role).not.toBe('user');
    }
    if (msg.role === 'assistant' && msg.tool_calls) {
      for (const call of msg.tool_calls) {
        expect(Object.keys(call).sort()).toEqual(['function', 'id', 'type']);
        expect(call.type).toBe('function');
        expect(typeof call.function.name).toBe('string');
        expect(() => JSON.parse(call.function.arguments)).not.toThrow();
      }
      // Each tool call is answered by a tool message with its id, right after.
      const answers = m.slice(i + 1, i + 1 + msg.tool_calls.length);
      expect(answers.map((x) => [x.role, x.tool_call_id])).toEqual(msg.tool_calls.map((c) => ['tool', c.id]));
    } else if (msg.role === 'assistant') {
      expect(typeof msg.content).toBe('string');
    }
    if (msg.role === 'tool') {
      expect(typeof msg.content).toBe('string');
      expect(['tool', 'assistant']).toContain(prev.role);
    }
  }
  return m;
}

/** Minimal zip reader (central directory) so the test needs no extra package. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < entries; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(raw) : raw);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

describe('conversation export', () => {
  it('writes one fine-tuning record per call of the customer, in the chat format', async () => {
    const start = await t.app.inject({
      method: 'POST',
      url: `/api/analytics/${alice.id}/export`,
      headers: { cookie: alice.cookie },
      payload: { filters: {}, includeAudio: false },
    });
    expect(start.statusCode).toBe(202);
    const { exportId } = start.json();
    const status = await waitDone(`/api/analytics/${alice.id}/exports/${exportId}`, { cookie: alice.cookie });
    expect(status).toMatchObject({ status: 'done', progress: 100, rowCount: 2 });
    expect(status.downloadUrl).toBe(`/api/analytics/${alice.id}/exports/${exportId}/download`);
    // Another customer cannot see or download it.
    expect(
      (await t.app.inject({ method: 'GET', url: status.downloadUrl, headers: { cookie: bob.cookie } }))
        .statusCode,
    ).toBe(404);
    const file = await t.app.inject({
      method: 'GET',
      url: status.downloadUrl,
      headers: { cookie: alice.cookie },
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/jsonl');
    const lines = file.body.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const records = lines.map(checkRecord);
    const booking = records.find((m) => m.some((x) => x.tool_calls))!;
    expect(booking[0]!.content).toContain('Snip Salon');
    expect(booking[0]!.content).toContain('Never quote colour prices.');
    // The live persona prompt (voice/agent/persona.ts), not a second description of the business.
    expect(booking[0]!.content).toContain('wait for a clear "yes" before calling book_appointment');
    expect(booking.slice(1).map((x) => x.role)).toEqual([
      'assistant',
      'user',
      'assistant',
      'tool',
      'assistant',
    ]);
    expect(booking[2]!.content).toBe('Can I book a haircut on Tuesday?\nAt ten please.');
    const [call] = booking[3]!.tool_calls!;
    expect(call).toMatchObject({ id: 'call_2_0', type: 'function', function: { name: 'book_appointment' } });
    expect(JSON.parse(call!.function.arguments)).toEqual({ service: 'Haircut', start: '2026-12-01T10:00' });
    expect(booking[4]).toEqual({ role: 'tool', tool_call_id: 'call_2_0', content: 'booked 10:00' });
    expect(booking[5]).toEqual({ role: 'assistant', content: 'You are booked for Tuesday at 10:00.' });
    expect(file.body).not.toContain('Toothache');
  });

  it('honours filters and zips per-turn WAV audio with the JSONL', async () => {
    const start = await t.app.inject({
      method: 'POST',
      url: `/api/analytics/${alice.id}/export`,
      headers: { cookie: alice.cookie },
      payload: { filters: { callType: 'phone' }, includeAudio: true },
    });
    const { exportId } = start.json();
    const status = await waitDone(`/api/analytics/${alice.id}/exports/${exportId}`, { cookie: alice.cookie });
    expect(status).toMatchObject({ status: 'done', rowCount: 1 });
    const file = await t.app.inject({
      method: 'GET',
      url: status.downloadUrl,
      headers: { cookie: alice.cookie },
    });
    expect(file.headers['content-type']).toBe('application/zip');
    const files = unzip(file.rawPayload);
    const wavs = [...files.keys()].filter((n) => n.endsWith('.wav')).sort();
    expect(wavs).toHaveLength(4);
    expect(wavs[0]).toMatch(/^audio\/[0-9a-f-]{36}\/0-agent\.wav$/);
    const caller = files.get(wavs.find((n) => n.endsWith('1-caller.wav'))!)!;
    expect(caller.toString('ascii', 0, 4)).toBe('RIFF');
    expect(caller.readUInt16LE(20)).toBe(7);
    expect(caller.readUInt32LE(40)).toBe(320);
    expect(caller.subarray(44).every((b) => b === 1)).toBe(true);
    const jsonl = files.get('conversations.jsonl')!.toString('utf8').trimEnd().split('\n');
    expect(jsonl).toHaveLength(1);
    checkRecord(jsonl[0]!);
    expect((await readFile(join(dataDir, 'exports', `${exportId}.zip`))).length).toBe(file.rawPayload.length);
  });

  it('lets operators export across customers by industry, and only operators', async () => {
    const asCustomer = await t.app.inject({
      method: 'POST',
      url: '/api/admin/exports',
      headers: { cookie: alice.cookie },
      payload: { industry: 'dental' },
    });
    expect(asCustomer.statusCode).toBe(401);
    const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    const start = await t.app.inject({
      method: 'POST',
      url: '/api/admin/exports',
      headers: auth,
      payload: { industry: 'dental' },
    });
    expect(start.statusCode).toBe(202);
    const status = await waitDone(`/api/admin/exports/${start.json().exportId}`, auth);
    expect(status.rowCount).toBe(1);
    const file = await t.app.inject({ method: 'GET', url: status.downloadUrl, headers: auth });
    expect(file.body).toContain('Toothache');
    expect(file.body).not.toContain('Snip');
    // A customer export is not reachable through the operator routes' customer-less scope and vice versa.
    const own = await t.app.inject({
      method: 'GET',
      url: `/api/analytics/${alice.id}/exports/${start.json().exportId}`,
      headers: { cookie: alice.cookie },
    });
    expect(own.statusCode).toBe(404);
  });

  it('validates the request', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/analytics/${alice.id}/export`,
      headers: { cookie: alice.cookie },
      payload: { filters: { sentiment: 'angry' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('sentiment');
    const count = await t.db.pool.oneFirst(
      sql.unsafe`SELECT count(*)::int FROM exports WHERE customer_id = ${alice.id}`,
    );
    expect(count).toBe(2);
  });
  it('reports progress to the job and the row, and refuses an unknown export for good', async () => {
    const exportId = (await t.db.pool.oneFirst(sql.unsafe`
      INSERT INTO exports (customer_id, requested_by) VALUES (${alice.id}, 'test') RETURNING id`)) as string;
    const seen: number[] = [];
    const context = {
      config: t.config,
      pool: t.db.pool,
      logger: pino({ level: 'silent' }),
      queues: t.queues,
      services: {},
    };
    const meta = { jobId: 'x', attempt: 1, maxAttempts: 1, progress: async (p: number) => void seen.push(p) };
    const result = await handle({ exportId }, context, meta);
    expect(result).toEqual({ rows: 2, turns: 5 });
    expect(seen[0]).toBeLessThan(100);
    expect(seen.at(-1)).toBe(100);
    const row = (await t.db.pool.one(
      sql.unsafe`SELECT status, progress, row_count FROM exports WHERE id = ${exportId}`,
    )) as Record<string, unknown>;
    expect(row).toEqual({ status: 'done', progress: 100, row_count: 2 });
    // A retry after success does not rewrite the file.
    expect(await handle({ exportId }, context, meta)).toEqual({ rows: 2, turns: 0 });
    await expect(handle({ exportId: '00000000-0000-4000-8000-000000000000' }, context, meta)).rejects.toThrow(
      'export not found',
    );
  });
});
