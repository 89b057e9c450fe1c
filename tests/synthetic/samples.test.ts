import { readFileSync } from 'node:fs';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadSampleConversations, samplesDir } from '../../bin/synth/samples.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

/** The generated sample set in fixtures/, as npm start loads it in development. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('synthetic sample conversations', () => {
  it('load into three sample businesses once, every line imported, nothing twice', async () => {
    const log: string[] = [];
    await loadSampleConversations(t.db.pool, (m) => log.push(m));
    expect(log).toHaveLength(3);
    const rows = await t.db.pool.any(sql.type(
      z.object({
        industry: z.string(),
        turns: z.coerce.number(),
        calls: z.coerce.number(),
        live: z.boolean(),
      }),
    )`
      SELECT cu.industry, count(t.id) AS turns, count(DISTINCT t.call_id) AS calls, cu.receptionist_live AS live
      FROM customers cu JOIN conversation_turns t ON t.customer_id = cu.id AND t.synthetic
      GROUP BY cu.industry, cu.receptionist_live ORDER BY cu.industry`);
    const lines = (industry: string) =>
      readFileSync(`${samplesDir}${industry}.jsonl`, 'utf8').trim().split('\n').length;
    expect(rows).toEqual([
      { industry: 'dental', turns: lines('dental'), calls: 12, live: false },
      { industry: 'plumbing', turns: lines('plumbing'), calls: 12, live: false },
      { industry: 'salon', turns: lines('salon'), calls: 12, live: false },
    ]);
    const again: string[] = [];
    await loadSampleConversations(t.db.pool, (m) => again.push(m));
    expect(again).toEqual([]);
  });
});
