import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { DEMO_OWNER_EMAIL } from '../../domain/onboarding/demo-business.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';
import { scaled } from '../helpers/timeouts.ts';

/**
 * The README's try-it path, as a newcomer runs it: `npm start` (development) in one terminal, then
 * `npm run seed:demo` and `npm run call` in another, with nothing but DATA_DIR in common (no PORT,
 * DATABASE_URL or REDIS_URL repeated). The server is the real process (bin/start.ts) on the
 * offline speech engines; the call must book an appointment.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE = `${ROOT}node_modules/.bin/node`;
const BASE_ENV = { PATH: process.env.PATH, HOME: process.env.HOME };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function runScript(script: string, args: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(NODE, [`bin/${script}`, ...args], { cwd: ROOT, env: { ...BASE_ENV, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The server's log, one parsed pino line per entry, and a way to wait for a line. */
function followLog(child: ChildProcess) {
  const lines: string[] = [];
  const waiters: { test: RegExp; resolve: (line: string) => void }[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk) => {
    buffer += chunk;
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const raw = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      let msg = raw;
      try {
        msg = (JSON.parse(raw) as { msg?: string }).msg ?? raw;
      } catch {}
      lines.push(msg);
      for (const w of waiters.filter((w) => w.test.test(msg))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(msg);
      }
    }
  });
  return {
    lines,
    waitFor(test: RegExp): Promise<string> {
      const seen = lines.find((l) => test.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ test, resolve });
        child.once('exit', (code) =>
          reject(new Error(`server exited (${code}) before logging ${test}:\n${lines.join('\n')}`)),
        );
      });
    },
  };
}

describe('try it: npm start → npm run seed:demo → npm run call', () => {
  let db: TestDatabase;
  let dataDir: string;
  let port: number;
  let server: ChildProcess;
  let log: ReturnType<typeof followLog>;
  let serverStderr = '';

  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 2 });
    dataDir = mkdtempSync(join(tmpdir(), 'ar-try-it-'));
    port = await freePort();
    server = spawn(NODE, ['bin/start.ts'], {
      cwd: ROOT,
      env: {
        ...BASE_ENV,
        NODE_ENV: 'development',
        DATA_DIR: dataDir,
        DATABASE_URL: db.url,
        REDIS_URL: inject('redisUrl'),
        PORT: String(port),
        LOG_LEVEL: 'info',
      },
    });
    server.stderr!.on('data', (d) => {
      serverStderr += d;
    });
    log = followLog(server);
    await log.waitFor(/^try it /);
    // Bounds, not expectations: starting the whole platform takes ~10 s idle, minutes on a loaded machine.
  }, scaled(300_000));

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  }, scaled(120_000));

  it(
    'npm start creates the demo business in development and prints its number and a working sign-in link',
    async () => {
      const demo = await log.waitFor(/^demo business /);
      expect(demo).toMatch(/Seaside Dental \(created\), number \+1555010\d{4}$/);
      const signIn = await log.waitFor(/^demo sign-in /);
      const link = new URL(/(http\S+)/.exec(signIn)![1]!);
      expect(link.origin).toBe(`http://localhost:${port}`);
      const response = await fetch(`http://127.0.0.1:${port}${link.pathname}${link.search}`, {
        redirect: 'manual',
      });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/app');
      expect(response.headers.getSetCookie().join()).toMatch(/ar_session=/);
      // Written through the purchase and onboarding use cases: paid, all seven steps, live.
      const state = await db.pool.one(sql.type(
        z.object({ status: z.string(), live: z.boolean(), steps: z.array(z.number()), payments: z.number() }),
      )`
      SELECT c.status, c.receptionist_live AS live, o.completed_steps AS steps,
        (SELECT count(*)::int FROM payments p WHERE p.customer_id = c.id) AS payments
      FROM customers c JOIN onboarding_states o ON o.customer_id = c.id WHERE c.email = ${DEMO_OWNER_EMAIL}`);
      expect(state).toEqual({ status: 'active', live: true, steps: [1, 2, 3, 4, 5, 6, 7], payments: 1 });
    },
    scaled(120_000),
  );

  it(
    'npm run seed:demo finds the same server and business again (idempotent)',
    async () => {
      const number = /number (\+\d+)/.exec(await log.waitFor(/^demo business /))![1];
      const result = await runScript('seed-demo.ts', [], { DATA_DIR: dataDir });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Demo business: Seaside Dental (already live)');
      expect(result.stdout).toContain(`number    ${number}`);
      expect(result.stdout).toMatch(
        new RegExp(`sign in +http://localhost:${port}/api/auth/callback\\?token=`),
      );
      const customers = await db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
      SELECT count(*)::int AS n FROM customers WHERE email = ${DEMO_OWNER_EMAIL}`);
      expect(customers).toBe(1);
    },
    scaled(180_000),
  );

  it(
    'npm run call, with no arguments, has a booking conversation with the demo business (text mode)',
    async () => {
      for (const attempt of [1, 2]) {
        // No PORT or DATABASE_URL here: the call must find the server's own (not 3000).
        const result = await runScript('call.ts', ['--fast'], { DATA_DIR: dataDir });
        expect(result.stderr, result.stdout).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).toContain(`on http://127.0.0.1:${port}`);
        expect(result.stdout).toContain('Text mode: this server recognises speech with the offline engine');
        expect(result.stdout).toMatch(/^receptionist: Thank you for calling Seaside Dental/m);
        expect(result.stdout).toMatch(
          /^caller: +Hi, I'd like to book a cleaning on \w+day, \w+ \d+ at \d+(:\d\d)?[ap]m\.$/m,
        );
        expect(result.stdout).toMatch(/\[book_appointment\] appointment booked/);
        expect(result.stdout, `attempt ${attempt}`).toMatch(/outcome: completed, appointment booked: yes/);
      }
      // Each run booked its own free slot for the caller.
      const booked = await db.pool.anyFirst(sql.type(z.object({ name: z.string() }))`
      SELECT a.caller_name AS name FROM appointments a JOIN customers c ON c.id = a.customer_id
      WHERE c.email = ${DEMO_OWNER_EMAIL} AND a.status = 'booked'`);
      expect(booked).toEqual(['Jane Doe', 'Jane Doe']);
    },
    scaled(300_000),
  );

  it(
    'npm run call says plainly when no server is running',
    async () => {
      const empty = mkdtempSync(join(tmpdir(), 'ar-no-server-'));
      try {
        const result = await runScript('call.ts', [], { DATA_DIR: empty, PORT: String(await freePort()) });
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(
          /^call: no server answers at http:\/\/127\.0\.0\.1:\d+: start it with `npm start`/,
        );
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    },
    scaled(120_000),
  );

  it(
    'SIGTERM stops the server cleanly and forgets its address',
    async () => {
      expect(existsSync(join(dataDir, 'server.json'))).toBe(true);
      const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
      expect(serverStderr).toBe('');
    },
    scaled(120_000),
  );
});
