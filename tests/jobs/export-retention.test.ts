import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  handle,
  purgeExportsFinishedBefore,
} from '../../jobs/definitions/exports/purge-old-exports.handler.ts';
import type { JobContext } from '../../jobs/job-context.ts';
import type { JobQueues } from '../../jobs/queues.ts';
import { testConfig } from '../helpers/test-config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

let db: TestDatabase;
let dir: string;
let context: JobContext;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'ar-retention-'));
  const config = { ...testConfig(db.url), dataDir: dir };
  context = {
    config,
    pool: db.pool,
    logger: pino({ level: 'silent' }),
    queues: {} as JobQueues,
    services: {},
  };
});
afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function exportRow(file: string | null, finishedDaysAgo: number | null) {
  await db.pool.query(sql.unsafe`
    INSERT INTO exports (requested_by, status, file_path, finished_at)
    VALUES ('test', ${finishedDaysAgo === null ? 'running' : 'done'}, ${file},
      ${finishedDaysAgo === null ? null : sql.fragment`now() - ${finishedDaysAgo} * interval '1 day'`})`);
}

describe('purging old exports', () => {
  it('removes rows and files older than the retention, and never a file outside the exports folder', async () => {
    await mkdir(join(dir, 'exports'), { recursive: true });
    const old = join(dir, 'exports', 'old.jsonl');
    const recent = join(dir, 'exports', 'recent.jsonl');
    const outside = join(dir, 'precious.txt');
    for (const f of [old, recent, outside]) await writeFile(f, 'x');
    await exportRow(old, 8);
    await exportRow(outside, 9);
    await exportRow(recent, 1);
    await exportRow(null, null);
    expect(await handle({}, context)).toEqual({ removed: 2 });
    expect(existsSync(old)).toBe(false);
    expect(existsSync(outside)).toBe(true);
    expect(existsSync(recent)).toBe(true);
    const left = await db.pool.anyFirst(sql.unsafe`SELECT status FROM exports ORDER BY status`);
    expect(left).toEqual(['done', 'running']);
    expect(await purgeExportsFinishedBefore(context, Date.now() + 1000)).toEqual({ removed: 1 });
    expect(existsSync(recent)).toBe(false);
  });
});
