import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrateUp } from '../db/migrate.ts';
import { defineCli, intValue, parseCli } from './support/cli-args.ts';

/**
 * `npm run bench:api`: one customer with 100 000 calls and 1 000 000 turns beside 50 other
 * customers (100 000 calls, 200 000 turns), seeded with generate_series into a throwaway database,
 * then p50/p99 of the portal's dashboard and calls endpoints through the in-process app.
 * BENCH_DATABASE_URL (or DATABASE_URL) names the server; BENCH_KEEP=1 keeps and reuses the data.
 */
export interface BenchDatabase {
  url: string;
  customerId: string;
  drop(): Promise<void>;
}

const SERVER =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const withDb = (url: string, name: string) =>
  Object.assign(new URL(url), { pathname: `/${name}` }).toString();

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDb(SERVER, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function seedBenchDatabase(
  name: string,
  opts: {
    calls: number;
    turnsPerCall: number;
    others: number;
    otherCalls: number;
    log: (m: string) => void;
    keep?: boolean;
  },
): Promise<BenchDatabase> {
  const url = withDb(SERVER, name);
  const keep = opts.keep ?? process.env.BENCH_KEEP === '1';
  const exists = await admin(
    async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1,
  );
  const drop = async () => {
    if (!keep) await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  };
  if (!exists) {
    await admin((c) => c.query(`CREATE DATABASE "${name}"`));
    await migrateUp(url);
  }
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const found = await db.query<{ id: string }>(
      "SELECT id FROM customers WHERE email = 'bench-target@example.test'",
    );
    if (found.rows[0]) {
      opts.log(`reusing seeded database ${name}`);
      return { url, customerId: found.rows[0].id, drop };
    }
    const started = Date.now();
    await db.query('SET synchronous_commit = off');
    // Bulk load: foreign keys are satisfied by construction, and a GIN index builds far faster in
    // one go than row by row, so both are set aside while seeding (superuser, throwaway database).
    await db.query("SET maintenance_work_mem = '256MB'");
    await db.query('SET session_replication_role = replica');
    await db.query('DROP INDEX conversation_turns_search_idx, conversation_turns_customer_idx');
    await db.query(
      'ALTER TABLE conversation_turns DROP CONSTRAINT conversation_turns_call_id_turn_index_key',
    );
    await db.query(
      `
      INSERT INTO customers (email, business_name, industry, subscription_plan, status, receptionist_live)
      SELECT CASE WHEN g = 0 THEN 'bench-target@example.test' ELSE 'bench' || g || '@example.test' END,
        'Bench business ' || g, (ARRAY['salon', 'dental', 'plumbing'])[1 + g % 3], 'pro', 'active', true
      FROM generate_series(0, $1::int) g`,
      [opts.others],
    );
    await db.query(`
      INSERT INTO onboarding_states (customer_id, business_info)
      SELECT id, jsonb_build_object('name', business_name, 'industry', industry, 'phone', '+14155550100',
        'services', jsonb_build_array(jsonb_build_object('name', 'Visit', 'durationMin', 30, 'priceCents', 5000)),
        'hours', jsonb_build_object('mon', jsonb_build_array(jsonb_build_object('open', '09:00', 'close', '17:00'))),
        'timeZone', 'America/New_York')
      FROM customers`);
    const target = (
      await db.query<{ id: string }>("SELECT id FROM customers WHERE email = 'bench-target@example.test'")
    ).rows[0]!.id;
    // Calls every ~5 minutes going back about a year, so the 30-day dashboard sees ~8 600 of them.
    const insertCalls = (customer: string, count: number, spacing: string) =>
      db.query(
        `INSERT INTO calls (customer_id, call_type, from_number, started_at, ended_at, duration_ms, outcome,
           transcript, appointment_booked)
         SELECT $1::uuid, CASE WHEN g % 20 = 0 THEN 'demo' ELSE 'phone' END, '+1415555' || lpad((g % 10000)::text, 4, '0'),
           now() - g * $3::interval, now() - g * $3::interval + (60 + g % 240) * interval '1 second',
           (60 + g % 240) * 1000,
           (ARRAY['completed', 'completed', 'completed', 'missed', 'transferred', 'abandoned'])[1 + g % 6],
           'Caller asked about topic' || (g % 500) || ' and keyword' || (g % 5000) || '. Agent offered a slot.',
           g % 9 = 0
         FROM generate_series(1, $2::int) g`,
        [customer, count, spacing],
      );
    await insertCalls(target, opts.calls, '5 minutes');
    const others = await db.query<{ id: string }>('SELECT id FROM customers WHERE id <> $1', [target]);
    for (const o of others.rows) await insertCalls(o.id, opts.otherCalls, '2 hours');
    opts.log(`calls seeded in ${Date.now() - started} ms`);
    await db.query(
      `INSERT INTO conversation_turns (customer_id, call_id, turn_index, created_at, user_utterance, ai_response,
         stt_provider, tts_provider, llm_provider, confidence, sentiment, intent, latency, tool_calls)
       SELECT c.customer_id, c.id, i, c.started_at + i * interval '6 seconds',
         'I would like phrase' || (abs(hashtext(c.id::text)) + i) % 20000 || ' please',
         'Certainly, slot ' || i || ' is free.', 'deepgram', 'deepgram', 'openai', 0.5 + (i % 5) / 10.0,
         (ARRAY['positive', 'neutral', 'negative'])[1 + i % 3], (ARRAY['book', 'hours', 'price', 'other'])[1 + i % 4],
         jsonb_build_object('totalMs', 400 + i * 10, 'sttMs', 120),
         CASE WHEN i = 3 THEN '[{"name":"book_appointment","arguments":{"service":"Visit"},"ok":true,"summary":"booked"}]'::jsonb
           ELSE '[]'::jsonb END
       FROM calls c CROSS JOIN generate_series(0, CASE WHEN c.customer_id = $1::uuid THEN $2::int - 1 ELSE 1 END) i`,
      [target, opts.turnsPerCall],
    );
    await db.query('ALTER TABLE conversation_turns ADD UNIQUE (call_id, turn_index)');
    await db.query(
      'CREATE INDEX conversation_turns_customer_idx ON conversation_turns (customer_id, created_at DESC, id DESC)',
    );
    await db.query('CREATE INDEX conversation_turns_search_idx ON conversation_turns USING gin (search)');
    await db.query('SET session_replication_role = DEFAULT');
    opts.log(`turns seeded in ${Date.now() - started} ms`);
    await db.query('VACUUM ANALYZE');
    opts.log(`database ${name} ready in ${Date.now() - started} ms`);
    return { url, customerId: target, drop };
  } finally {
    await db.end();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const CLI = defineCli({
  command: 'npm run bench:api --',
  summary:
    'Seeds a throwaway database (one customer with 100 000 calls / 1 000 000 turns beside 50 others) and prints p50/p99 of the portal endpoints.',
  options: {
    rounds: {
      type: 'string',
      value: 'N',
      description: 'timed requests per case (default 150; BENCH_ROUNDS)',
    },
    keep: { type: 'boolean', description: 'keep the seeded database and reuse it next run (BENCH_KEEP=1)' },
    database: {
      type: 'string',
      value: 'NAME',
      description: 'database name (default ar_bench_api; BENCH_DB_NAME)',
    },
  },
  env: [
    ['BENCH_DATABASE_URL', 'PostgreSQL server to create the database on (else DATABASE_URL, else local)'],
    ['REDIS_URL', 'Redis for the app (default redis://127.0.0.1:6379)'],
  ],
});

async function main() {
  const args = parseCli(CLI, process.argv.slice(2));
  // The app is loaded after the arguments, so --help and usage errors answer at once.
  const { pino } = await import('pino');
  const { sql } = await import('slonik');
  const { z } = await import('zod');
  const { buildApp } = await import('../api/app.ts');
  const { SESSION_COOKIE } = await import('../api/plugins/app/access.ts');
  const { createMetricsRegistry } = await import('../api/plugins/external/metrics.ts');
  const { loadConfig } = await import('../config/config.ts');
  const { createDatabasePool } = await import('../db/pool.ts');
  const { createSession } = await import('../db/sessions.ts');
  const { createRedis } = await import('../jobs/connection.ts');
  const { JobQueues } = await import('../jobs/queues.ts');
  const { encodeCursor } = await import('../lib/keyset-cursor.ts');
  const rounds = intValue(CLI, '--rounds', args.rounds ?? process.env.BENCH_ROUNDS, 150, 1);
  const log = (m: string) => console.log(m);
  const bench = await seedBenchDatabase(args.database ?? process.env.BENCH_DB_NAME ?? 'ar_bench_api', {
    calls: 100_000,
    turnsPerCall: 10,
    others: 50,
    otherCalls: 2_000,
    log,
    keep: args.keep || process.env.BENCH_KEEP === '1',
  });
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: bench.url,
    QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}`,
    SESSION_SECRET: 'b'.repeat(40),
    ENCRYPTION_KEY: 'cd'.repeat(32),
  });
  const pool = await createDatabasePool(bench.url, { maximumPoolSize: 4 });
  const redis = createRedis(config.redisUrl);
  const queues = new JobQueues(redis, config.queuePrefix);
  const app = await buildApp({
    config,
    logger: pino({ level: 'silent' }),
    pool,
    redis,
    queues,
    metrics: createMetricsRegistry(false),
  });
  await app.ready();
  try {
    const session = await createSession(pool, bench.customerId);
    const cookie = `${SESSION_COOKIE}=${app.signCookie(session.token)}`;
    const id = bench.customerId;
    const deep = await pool.one(
      sql.type(z.object({ id: z.string(), us: z.string() }))`
        SELECT id, (extract(epoch FROM started_at) * 1000000)::bigint::text AS us FROM calls
        WHERE customer_id = ${id} ORDER BY started_at DESC, id DESC OFFSET 90000 LIMIT 1`,
    );
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    const cases: [string, string][] = [
      ['dashboard', `/api/portal/${id}/dashboard`],
      ['calls: first page', `/api/portal/${id}/calls?limit=25`],
      [
        'calls: outcome=missed & booked=false',
        `/api/portal/${id}/calls?limit=25&outcome=missed&booked=false`,
      ],
      [
        'calls: booked, 60-30 days ago',
        `/api/portal/${id}/calls?limit=25&booked=true&from=${day(60)}&to=${day(30)}`,
      ],
      ['calls: search q=phrase4242', `/api/portal/${id}/calls?limit=25&q=phrase4242`],
      ['calls: search q=keyword77', `/api/portal/${id}/calls?limit=25&q=keyword77`],
      ['calls: search q=slot (in every call)', `/api/portal/${id}/calls?limit=25&q=slot`],
      [
        'calls: deep keyset page (row 90 000)',
        `/api/portal/${id}/calls?limit=25&cursor=${encodeCursor({ atUs: String(deep.us), id: String(deep.id) })}`,
      ],
    ];
    console.log(
      `\n${'endpoint'.padEnd(42)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'rows'.padStart(6)}`,
    );
    for (const [label, url] of cases) {
      let rows = 0;
      for (let i = 0; i < 20; i++) {
        const res = await app.inject({ method: 'GET', url, headers: { cookie } });
        if (res.statusCode !== 200) throw new Error(`${label}: HTTP ${res.statusCode} ${res.body}`);
        rows = (res.json() as { calls?: unknown[] }).calls?.length ?? 1;
      }
      const times: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const t0 = performance.now();
        await app.inject({ method: 'GET', url, headers: { cookie } });
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      console.log(
        `${label.padEnd(42)} ${percentile(times, 50).toFixed(2).padStart(8)} ${percentile(times, 99).toFixed(2).padStart(8)} ${String(rows).padStart(6)}`,
      );
    }
  } finally {
    await app.close();
    await queues.close();
    await redis.quit();
    await pool.end();
    await bench.drop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
