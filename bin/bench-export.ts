import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineCli, intValue, parseCli } from './support/cli-args.ts';

/**
 * `npm run bench:export`: exports 100 000 conversation turns (10 000 calls) to fine-tuning JSONL
 * through the real job handler and prints rows/s and peak memory. Memory is sampled while the
 * export runs; a streaming export keeps the peak flat whatever the number of rows.
 */
const CLI = defineCli({
  command: 'npm run bench:export --',
  summary:
    'Exports conversation turns to fine-tuning JSONL (or a zip with audio) through the real job handler and prints throughput and peak memory.',
  options: {
    calls: {
      type: 'string',
      value: 'N',
      description: 'calls to export, 10 turns each (default 10000; BENCH_EXPORT_CALLS)',
    },
    audio: {
      type: 'boolean',
      description: 'give every turn 200 ms of audio and write the zip (BENCH_EXPORT_AUDIO=1)',
    },
    keep: { type: 'boolean', description: 'keep the seeded database for the next run (BENCH_KEEP=1)' },
    'keep-files': { type: 'boolean', description: 'keep the exported files (BENCH_KEEP_FILES=1)' },
  },
  env: [
    ['BENCH_DATABASE_URL', 'PostgreSQL server to create the database on (else DATABASE_URL, else local)'],
    ['BENCH_DB_NAME', 'database name (default ar_bench_export_<calls>)'],
  ],
});
const args = parseCli(CLI);
// Loaded after the arguments, so --help and usage errors answer at once.
const { pino } = await import('pino');
const { sql } = await import('slonik');
const { z } = await import('zod');
const { loadConfig } = await import('../config/config.ts');
const { createDatabasePool } = await import('../db/pool.ts');
const { createRedis } = await import('../jobs/connection.ts');
const { handle } = await import('../jobs/definitions/exports/export-conversations.handler.ts');
const { JobQueues } = await import('../jobs/queues.ts');
const { seedBenchDatabase } = await import('./bench-api.ts');
const log = (m: string) => console.log(m);
// --calls scales the run (10 turns each) to show that the peak does not grow with it.
const calls = intValue(CLI, '--calls', args.calls ?? process.env.BENCH_EXPORT_CALLS, 10_000, 1);
const bench = await seedBenchDatabase(process.env.BENCH_DB_NAME ?? `ar_bench_export_${calls}`, {
  calls,
  turnsPerCall: 10,
  others: 5,
  otherCalls: 200,
  log,
  keep: args.keep || process.env.BENCH_KEEP === '1',
});
const dataDir = await mkdtemp(join(tmpdir(), 'ar-bench-export-'));
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATABASE_URL: bench.url,
  DATA_DIR: dataDir,
  SESSION_SECRET: 'b'.repeat(40),
  ENCRYPTION_KEY: 'cd'.repeat(32),
});
const pool = await createDatabasePool(bench.url, { maximumPoolSize: 2, statementTimeoutMs: 120_000 });
const redis = createRedis(config.redisUrl);
const queues = new JobQueues(redis, `benchexp${Date.now()}`);
try {
  // --audio: every turn gets 200 ms of caller audio and the export writes the zip too.
  const withAudio = args.audio || process.env.BENCH_EXPORT_AUDIO === '1';
  if (withAudio) {
    await pool.query(sql.unsafe`
      UPDATE conversation_turns SET user_audio = decode(repeat('ff7f', 800), 'hex')
      WHERE customer_id = ${bench.customerId} AND user_audio IS NULL`);
  }
  const exportId = await pool.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO exports (customer_id, requested_by, include_audio)
    VALUES (${bench.customerId}, 'bench', ${withAudio}) RETURNING id`);
  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const t0 = performance.now();
  const result = await handle(
    { exportId },
    { config, pool, logger: pino({ level: 'silent' }), queues, services: {} },
    { jobId: 'bench', attempt: 1, maxAttempts: 1, progress: async () => {} },
  );
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const file = await stat(join(dataDir, 'exports', `${exportId}.${withAudio ? 'zip' : 'jsonl'}`));
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  console.log(
    `\nexported ${result.turns} turns as ${result.rows} JSONL records (${withAudio ? 'zip with audio' : 'JSONL'} ${mb(file.size)} MB) in ${seconds.toFixed(2)} s`,
  );
  console.log(
    `throughput: ${Math.round(result.turns / seconds)} turns/s, ${Math.round(result.rows / seconds)} records/s`,
  );
  console.log(
    `RSS: baseline ${mb(baseline.rss)} MB, peak ${mb(peakRss)} MB (+${mb(peakRss - baseline.rss)} MB)`,
  );
  console.log(
    `heap used: baseline ${mb(baseline.heapUsed)} MB, peak ${mb(peakHeap)} MB; process maxRSS ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
  );
} finally {
  await queues.close();
  await redis.quit();
  await pool.end();
  await bench.drop();
  if (args['keep-files'] || process.env.BENCH_KEEP_FILES === '1') console.log(`files kept in ${dataDir}`);
  else await rm(dataDir, { recursive: true, force: true });
}
