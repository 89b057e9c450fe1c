import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { generateSyntheticConversations } from '../../bin/synth/generate.ts';
import { handle } from '../../jobs/definitions/exports/export-conversations.handler.ts';
import { fineTuningLineProblems } from '../helpers/fine-tuning-format.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The generator end to end: scripted callers phone the business's own receptionist (a sandbox
 * copy of it) through the Twilio simulator; the calls come back as the customer's synthetic data,
 * and the fine-tuning export turns them into JSONL that is valid line by line.
 */
let t: TestApp;
let dataDir: string;
let customerId: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ar-generator-'));
  t = await buildTestApp({ customize: (config) => Object.assign(config, { dataDir }) });
  const customer = await t.createCustomer({ businessName: 'Harbour Dental' });
  customerId = customer.id;
  await t.db.pool.query(sql.unsafe`
    UPDATE customers SET industry = 'dental', profession = 'dentist' WHERE id = ${customerId}`);
  await t.db.pool.query(sql.unsafe`
    UPDATE onboarding_states SET business_info = ${sql.jsonb({
      name: 'Harbour Dental',
      industry: 'dental',
      profession: 'dentist',
      phone: '+14155550190',
      services: [
        { name: 'Cleaning', durationMin: 30, priceCents: 9000, currency: 'USD' },
        { name: 'Whitening', durationMin: 60, priceCents: 25000, currency: 'USD' },
      ],
      hours: {
        mon: [{ open: '08:00', close: '17:00' }],
        tue: [{ open: '08:00', close: '17:00' }],
        wed: [{ open: '08:00', close: '17:00' }],
        thu: [{ open: '08:00', close: '17:00' }],
        fri: [{ open: '08:00', close: '17:00' }],
      },
      timeZone: 'America/New_York',
      address: '5 Quay Road, Port Town',
    })} WHERE customer_id = ${customerId}`);
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run synth', () => {
  it('stores generated calls as synthetic data that exports to valid fine-tuning JSONL', async () => {
    const result = await generateSyntheticConversations(t.db.pool, {
      databaseUrl: t.db.url,
      redisUrl: inject('redisUrl'),
      count: 10,
      seed: 42,
      concurrency: 5,
      audio: false,
      customerId,
      toSampleBusiness: false,
    });
    expect(result.failedCalls).toBe(0);
    expect(result.stored?.report.conversations.imported).toBe(10);
    expect(result.sandbox.turns).toBeGreaterThan(20);

    const stored = await t.db.pool.one(sql.type(
      z.object({
        calls: z.coerce.number(),
        turns: z.coerce.number(),
        real: z.coerce.number(),
        industries: z.array(z.string()),
        tools: z.array(z.string()),
      }),
    )`
      SELECT (SELECT count(*) FROM calls WHERE customer_id = ${customerId} AND synthetic) AS calls,
        count(*) AS turns, count(*) FILTER (WHERE NOT t.synthetic) AS real,
        array_agg(DISTINCT t.metadata->>'industry') AS industries,
        ARRAY(SELECT DISTINCT x->>'name' FROM conversation_turns u, jsonb_array_elements(u.tool_calls) x
              WHERE u.customer_id = ${customerId} ORDER BY 1) AS tools
      FROM conversation_turns t WHERE t.customer_id = ${customerId}`);
    expect(stored).toMatchObject({ calls: 10, real: 0, industries: ['dental'] });
    expect(stored.tools).toEqual(expect.arrayContaining(['end_call']));
    // Generated calls are never the owner's calls: the call log and dashboard stay empty.
    const cookie = await t.sessionCookie(customerId);
    const calls = await t.app.inject({
      method: 'GET',
      url: `/api/portal/${customerId}/calls`,
      headers: { cookie },
    });
    expect(calls.json().calls).toEqual([]);
    const dashboard = await t.app.inject({
      method: 'GET',
      url: `/api/portal/${customerId}/dashboard`,
      headers: { cookie },
    });
    expect(dashboard.json()).toMatchObject({
      callsToday: 0,
      callsThisMonth: 0,
      answered: 0,
      appointmentsBooked: 0,
    });

    const exportId = await t.db.pool.oneFirst(sql.type(z.object({ id: z.uuid() }))`
      INSERT INTO exports (customer_id, requested_by, filters)
      VALUES (${customerId}, 'test', ${sql.jsonb({ synthetic: 'only' })}) RETURNING id`);
    const exported = await handle(
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
    expect(exported.turns).toBe(stored.turns);
    const lines = (await readFile(join(dataDir, 'exports', `${exportId}.jsonl`), 'utf8'))
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(exported.rows);
    expect(lines.length).toBeGreaterThanOrEqual(9);
    for (const [i, line] of lines.entries()) {
      expect({ line: i + 1, problems: fineTuningLineProblems(line) }).toEqual({ line: i + 1, problems: [] });
    }
    const system = (JSON.parse(lines[0]!) as { messages: { content: string }[] }).messages[0]!.content;
    expect(system).toContain('Harbour Dental');
  });
});
