import { defineCli, intValue, parseCli } from './support/cli-args.ts';

/**
 * `npm run bench:import`: the synthetic import measured on the product. Starts the real server
 * (bin/start.ts, ROLE=api) on a throwaway database, streams a generated JSONL file over HTTP to
 * POST /api/analytics/:customerId/conversations/import and prints throughput and the server
 * process's resident memory (baseline after a warm-up import, peak sampled and from /proc VmHWM).
 */
const CLI = defineCli({
  command: 'npm run bench:import --',
  summary:
    'Streams N synthetic turns as JSONL into the running server (bin/start.ts) over HTTP and prints turns/s and the server process peak RSS.',
  options: {
    turns: { type: 'string', value: 'N', description: 'turns to import (default 100000)' },
    format: {
      type: 'string',
      value: 'NAME',
      default: 'conversation-log',
      description: 'conversation-log (one turn per line) or openai (one conversation per line)',
    },
    'turns-per-call': { type: 'string', value: 'N', description: 'turns per conversation (default 10)' },
    keep: { type: 'boolean', description: 'keep the database' },
  },
  env: [
    ['BENCH_DATABASE_URL', 'PostgreSQL server to create the database on (else DATABASE_URL, else local)'],
    ['REDIS_URL', 'Redis for the server (default redis://127.0.0.1:6379)'],
  ],
});
const args = parseCli(CLI);
const TURNS = intValue(CLI, '--turns', args.turns, 100_000, 1);
const PER_CALL = intValue(CLI, '--turns-per-call', args['turns-per-call'], 10, 1);
const FORMAT = args.format === 'openai' ? 'openai' : 'conversation-log';
// Loaded after the arguments, so --help and usage errors answer at once.
const { spawn } = await import('node:child_process');
const { request } = await import('node:http');
const { createServer } = await import('node:net');
const { cpus, loadavg, tmpdir } = await import('node:os');
const { mkdtemp, readFile, rm } = await import('node:fs/promises');
const { join } = await import('node:path');
const { Readable } = await import('node:stream');
const { setTimeout: sleep } = await import('node:timers/promises');
const { sign } = await import('@fastify/cookie');
const { default: pg } = await import('pg');
const { sql } = await import('slonik');
const { z } = await import('zod');
const { SESSION_COOKIE } = await import('../api/plugins/app/access.ts');
const { createCustomer } = await import('../db/customers.ts');
const { migrateUp } = await import('../db/migrate.ts');
const { createDatabasePool } = await import('../db/pool.ts');
const { createSession } = await import('../db/sessions.ts');

const adminUrl = new URL(
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);
adminUrl.pathname = '/postgres';
const dbName = `ar_bench_import_${Date.now().toString(36)}`;
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${dbName}`;
const mb = (kb: number) => (kb / 1024).toFixed(1);

const QUESTIONS = [
  'Can I book a cleaning next Tuesday at 3pm?',
  'What are your opening hours on Saturday?',
  'How much is teeth whitening?',
  'Do you take Delta Dental insurance?',
  'Is there parking near the clinic?',
  'I need to cancel my appointment on Friday.',
];
const ANSWERS = [
  'Tuesday at 3 PM is free. May I have your name, please?',
  'On Saturday we are open from 9 AM to 1 PM.',
  'Whitening is $250 and takes about an hour.',
  "I'm not sure about that one. I'll pass your question on to the team.",
  'There is free parking behind the building.',
  'Of course. May I have your name to find the booking?',
];

/** The generated file, line by line (never held whole). */
function* lines(total: number, prefix: string): Generator<string> {
  const calls = Math.ceil(total / PER_CALL);
  for (let c = 0, n = 0; c < calls; c++) {
    const meta = { industry: 'dental', profession: 'dentist', callType: 'phone', generator: 'bench' };
    const count = Math.min(PER_CALL, total - n);
    if (FORMAT === 'openai') {
      const messages: unknown[] = [{ role: 'system', content: 'You are the receptionist of Bench Dental.' }];
      for (let i = 0; i < count; i++) {
        messages.push({ role: 'user', content: QUESTIONS[(c + i) % QUESTIONS.length] });
        messages.push({ role: 'assistant', content: ANSWERS[(c + i) % ANSWERS.length] });
      }
      yield `${JSON.stringify({ id: `${prefix}-${c}`, metadata: meta, messages })}\n`;
    } else {
      for (let i = 0; i < count; i++) {
        yield `${JSON.stringify({
          id: `${prefix}-${c}-${i}`,
          callId: `${prefix}-${c}`,
          timestamp: new Date(Date.UTC(2026, 0, 1) + c * 60_000 + i * 5000).toISOString(),
          userUtterance: QUESTIONS[(c + i) % QUESTIONS.length],
          aiResponse: ANSWERS[(c + i) % ANSWERS.length],
          intent: 'question',
          confidence: 0.9,
          metadata: meta,
        })}\n`;
      }
    }
    n += count;
  }
}

/** Lines batched into ~64 KB chunks, as a file read would deliver them. */
function* chunks(total: number, prefix: string): Generator<Buffer> {
  let parts: string[] = [];
  let size = 0;
  for (const line of lines(total, prefix)) {
    parts.push(line);
    size += line.length;
    if (size >= 64 * 1024) {
      yield Buffer.from(parts.join(''));
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield Buffer.from(parts.join(''));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function rssKb(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

function upload(port: number, path: string, cookie: string, body: Iterable<Buffer>) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', cookie },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    Readable.from(body).pipe(req);
  });
}

const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
let server: import('node:child_process').ChildProcess | null = null;
const dataDir = await mkdtemp(join(tmpdir(), 'ar-bench-import-'));
try {
  await migrateUp(dbUrl.toString());
  const pool = await createDatabasePool(dbUrl.toString(), { maximumPoolSize: 2 });
  const customer = await createCustomer(pool, {
    email: 'bench@example.test',
    businessName: 'Bench Dental',
    plan: 'pro',
    status: 'active',
  });
  const session = await createSession(pool, customer.id);
  const secret = 'b'.repeat(40);
  const cookie = `${SESSION_COOKIE}=${sign(session.token, secret)}`;
  const port = await freePort();
  server = spawn(process.execPath, ['bin/start.ts'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      ROLE: 'api',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `benchimp${Date.now().toString(36)}`,
      SESSION_SECRET: secret,
      ENCRYPTION_KEY: 'cd'.repeat(32),
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600 || server.exitCode !== null) throw new Error('the server did not become ready');
    await sleep(100);
  }
  const path = `/api/analytics/${customer.id}/conversations/import`;
  // Warm-up: load the code paths and fill the pools, so the baseline is the server at work.
  const warm = await upload(port, path, cookie, chunks(2000, 'warm'));
  if (warm.status !== 200) throw new Error(`warm-up answered ${warm.status}: ${warm.text}`);
  const pid = server.pid!;
  const baseline = await rssKb(pid);
  let peakSampled = baseline.rss;
  const sampler = setInterval(() => {
    void rssKb(pid).then(
      (m) => {
        peakSampled = Math.max(peakSampled, m.rss);
      },
      () => {},
    );
  }, 50);
  const load = loadavg();
  console.log(
    `importing ${TURNS} turns (${FORMAT}, ${PER_CALL} per call) into the running server on ${cpus().length} cores, load average ${load.map((l) => l.toFixed(1)).join(' ')}`,
  );
  const t0 = performance.now();
  const res = await upload(port, path, cookie, chunks(TURNS, 'bench'));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const end = await rssKb(pid);
  if (res.status !== 200) throw new Error(`import answered ${res.status}: ${res.text}`);
  const report = JSON.parse(res.text) as { turns: { imported: number }; conversations: { imported: number } };
  const stored = await pool.oneFirst(sql.type(z.object({ n: z.coerce.number() }))`
    SELECT count(*) AS n FROM conversation_turns WHERE customer_id = ${customer.id} AND synthetic
      AND external_id LIKE 'bench-%'`);
  console.log(
    `imported ${report.turns.imported} turns in ${report.conversations.imported} conversations in ${seconds.toFixed(2)} s: ${Math.round(report.turns.imported / seconds)} turns/s (stored: ${stored})`,
  );
  // VmHWM is the process's lifetime peak: it tells this import's peak only if it rose during it.
  const peak = Math.max(peakSampled, end.hwm > baseline.hwm ? end.hwm : 0);
  console.log(
    `server RSS: baseline ${mb(baseline.rss)} MB, peak ${mb(peak)} MB (+${mb(peak - baseline.rss)} MB); VmHWM before ${mb(baseline.hwm)} MB, after ${mb(end.hwm)} MB`,
  );
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  await pool.end();
} finally {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server!.once('exit', resolve));
  }
  if (!args.keep) await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  else console.log(`database kept: ${dbUrl}`);
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
}
