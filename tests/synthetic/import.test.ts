import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { handle } from '../../jobs/definitions/exports/export-conversations.handler.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

/** POST /api/analytics/:customerId/conversations/import: formats, line errors, idempotency. */
let t: TestApp;
let dataDir: string;
let owner: { id: string; cookie: string };
let other: { id: string; cookie: string };

const jsonl = (lines: unknown[]) =>
  `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`;

const booking = {
  id: 'vet-001',
  timestamp: '2026-10-01T09:00:00Z',
  metadata: { industry: 'veterinary', profession: 'vet', callType: 'chat', scenario: 'booking' },
  messages: [
    { role: 'system', content: 'You are the receptionist of Paws Clinic.' },
    { role: 'assistant', content: 'Paws Clinic, how can I help?' },
    { role: 'user', content: 'Can Rex see the vet on Friday at 10?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'check_availability', arguments: '{"date":"2026-10-02","time":"10:00"}' },
        },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '{"requestedTimeFree":true}' },
    { role: 'assistant', content: 'Friday at 10 is free. May I have your name?' },
    { role: 'user', content: 'Sam Lee' },
    { role: 'assistant', content: 'Thank you Sam, see you on Friday.' },
  ],
};
const hours = {
  messages: [
    { role: 'system', content: 'You are the receptionist of Paws Clinic.' },
    { role: 'user', content: 'When are you open?' },
    { role: 'assistant', content: 'Monday to Friday, 8 to 6.' },
  ],
};
const logTurns = [
  {
    id: 'log-1',
    callId: 'conv-A',
    timestamp: '2026-10-02T10:00:00Z',
    userUtterance: 'Do you trim claws?',
    aiResponse: 'Yes, claw trims are $15.',
    intent: 'pricing',
    confidence: 0.91,
    metadata: { industry: 'veterinary', profession: 'vet nurse', callType: 'phone' },
  },
  {
    id: 'log-2',
    callId: 'conv-A',
    timestamp: '2026-10-02T10:00:05Z',
    userUtterance: 'Great, thanks!',
    aiResponse: 'You are welcome.',
    sentiment: 'positive',
    metadata: { industry: 'veterinary', profession: 'vet nurse', callType: 'phone' },
  },
  {
    id: 'log-3',
    callId: 'conv-B',
    userUtterance: 'Is parking free?',
    aiResponse: "I'm not sure, I'll pass that on.",
    unanswered: 'fallback',
    userAudio: Buffer.alloc(1600, 0x10).toString('base64'),
    metadata: { industry: 'veterinary', callType: 'phone' },
  },
];

async function importLines(
  who: { id: string; cookie: string },
  body: string,
  query = '',
  type = 'application/x-ndjson',
) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/analytics/${who.id}/conversations/import${query}`,
    headers: { cookie: who.cookie, 'content-type': type },
    payload: body,
  });
  return { status: res.statusCode, body: res.json() };
}

const count = async (table: 'calls' | 'conversation_turns', customerId: string) =>
  t.db.pool.oneFirst(sql.type(z.object({ n: z.coerce.number() }))`
    SELECT count(*) AS n FROM ${sql.identifier([table])} WHERE customer_id = ${customerId} AND synthetic`);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ar-synth-'));
  t = await buildTestApp({ customize: (config) => Object.assign(config, { dataDir }) });
  const a = await t.createCustomer({ businessName: 'Paws Clinic' });
  const b = await t.createCustomer();
  owner = { id: a.id, cookie: await t.sessionCookie(a.id) };
  other = { id: b.id, cookie: await t.sessionCookie(b.id) };
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('synthetic conversation import', () => {
  it('rejects a file with bad lines, naming each by number, and writes nothing', async () => {
    const body = jsonl([
      booking,
      '{not json',
      { messages: [{ role: 'user', content: 'hi' }] },
      { ...logTurns[0], id: undefined },
      { ...logTurns[0], id: 'x', customerId: other.id },
      { ...logTurns[0], id: 'y', metadata: { callType: 'Phone Call' } },
      {
        messages: [
          { role: 'tool', tool_call_id: 'nope', content: 'x' },
          { role: 'assistant', content: 'ok' },
        ],
      },
      booking,
    ]);
    const res = await importLines(owner, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toBe('line 2: is not valid JSON');
    const errors = res.body.error.details.errors as { line: number; message: string }[];
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(errors[1]!.message).toContain('assistant');
    expect(errors[2]!.message).toMatch(/^id: /);
    expect(errors[3]!.message).toContain("another customer's");
    expect(errors[4]!.message).toContain('callType');
    expect(errors[5]!.message).toContain('tool_call_id');
    expect(res.body.error.details).toMatchObject({ errorCount: 6, lines: 8 });
    expect(await count('calls', owner.id)).toBe(0);
    expect(await count('conversation_turns', owner.id)).toBe(0);
  });

  it('a dry run validates every line and writes nothing', async () => {
    const res = await importLines(owner, jsonl([booking, hours, ...logTurns]), '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lines: 5, dryRun: true, turns: { imported: 3 + 1 + 3 } });
    expect(await count('calls', owner.id)).toBe(0);
  });

  it('imports both formats flagged synthetic, metadata as given, and a second import changes nothing', async () => {
    const body = jsonl([booking, hours, ...logTurns]);
    const first = await importLines(owner, body);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      lines: 5,
      dryRun: false,
      conversations: { imported: 4, skipped: 0 },
      turns: { imported: 3 + 1 + 3, skipped: 0 },
    });
    const again = await importLines(owner, body);
    expect(again.body).toMatchObject({
      conversations: { imported: 0, skipped: 2 },
      turns: { imported: 0, skipped: 3 + 1 + 3 },
    });
    expect(await count('calls', owner.id)).toBe(4);
    expect(await count('conversation_turns', owner.id)).toBe(7);
    // Appending one more turn to an imported ConversationLog call.
    const more = await importLines(owner, jsonl([{ ...logTurns[1], id: 'log-4', userUtterance: 'Bye' }]));
    expect(more.body).toMatchObject({ conversations: { imported: 0 }, turns: { imported: 1 } });

    const turns = await t.db.pool.any(sql.type(
      z.object({
        external_id: z.string(),
        turn_index: z.number(),
        metadata: z.record(z.string(), z.unknown()),
        synthetic: z.boolean(),
        call_synthetic: z.boolean(),
        unanswered: z.string().nullable(),
        audio: z.number().nullable(),
      }),
    )`SELECT t.external_id, t.turn_index, t.metadata, t.synthetic, c.synthetic AS call_synthetic, t.unanswered,
        octet_length(t.user_audio) AS audio
      FROM conversation_turns t JOIN calls c ON c.id = t.call_id WHERE t.customer_id = ${owner.id}
      ORDER BY t.external_id`);
    expect(turns.every((x) => x.synthetic && x.call_synthetic)).toBe(true);
    const byId = new Map(turns.map((x) => [x.external_id, x]));
    expect(byId.get('vet-001#2')?.metadata).toEqual(booking.metadata);
    expect(byId.get('log-1')?.metadata).toEqual(logTurns[0]!.metadata);
    expect(byId.get('log-3')).toMatchObject({ unanswered: 'fallback', audio: 1600 });
    expect([
      byId.get('log-1')?.turn_index,
      byId.get('log-2')?.turn_index,
      byId.get('log-4')?.turn_index,
    ]).toEqual([0, 1, 2]);
  });

  it('serves imported turns only when asked, with their own industry and call type', async () => {
    const get = async (query: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/analytics/${owner.id}/conversations${query}`,
          headers: { cookie: owner.cookie },
        })
      ).json();
    expect((await get('')).turns).toEqual([]);
    const only = await get('?synthetic=only&limit=100');
    expect(only.turns).toHaveLength(8);
    expect(only.turns.every((x: { synthetic: boolean }) => x.synthetic)).toBe(true);
    const chat = await get('?synthetic=include&callType=chat&industry=veterinary');
    expect(chat.turns.map((x: { externalId: string }) => x.externalId).sort()).toEqual([
      'vet-001#0',
      'vet-001#1',
      'vet-001#2',
    ]);
    expect(chat.turns[0]).toMatchObject({ industry: 'veterinary', profession: 'vet', callType: 'chat' });
    const unanswered = await get('?synthetic=only&unanswered=true');
    expect(unanswered.turns.map((x: { externalId: string }) => x.externalId)).toEqual(['log-3']);
    // The other customer sees none of it, even asking for synthetic data.
    const theirs = await t.app.inject({
      method: 'GET',
      url: `/api/analytics/${other.id}/conversations?synthetic=include`,
      headers: { cookie: other.cookie },
    });
    expect(theirs.json().turns).toEqual([]);
  });

  it('exports an imported fine-tuning record back as it came (its own system prompt, tool calls)', async () => {
    const exportId = await t.db.pool.oneFirst(sql.type(z.object({ id: z.uuid() }))`
      INSERT INTO exports (customer_id, requested_by, filters)
      VALUES (${owner.id}, 'test', ${sql.jsonb({ synthetic: 'only', callType: 'chat' })}) RETURNING id`);
    await handle(
      { exportId },
      {
        config: t.config,
        pool: t.db.pool,
        logger: pino({ level: 'silent' }),
        queues: t.queues,
        services: {},
      },
      { jobId: 'x', attempt: 1, maxAttempts: 1, progress: async () => {} },
    );
    const lines = (await readFile(join(dataDir, 'exports', `${exportId}.jsonl`), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ messages: booking.messages });
  });

  it('refuses other media types, other customers and anonymous callers', async () => {
    expect((await importLines(owner, jsonl([hours]), '', 'application/json')).status).toBe(415);
    expect((await importLines(owner, jsonl([hours]), '', 'text/plain')).status).toBe(415);
    expect((await importLines({ id: other.id, cookie: owner.cookie }, jsonl([hours]))).status).toBe(404);
    expect((await importLines({ id: owner.id, cookie: '' }, jsonl([hours]))).status).toBe(401);
    expect((await importLines(owner, '')).status).toBe(400);
  });
});
