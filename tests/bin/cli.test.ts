import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defineCli, parseCli, usage } from '../../bin/support/cli-args.ts';
import { scaled } from '../helpers/timeouts.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The bundled Node 24 (the `node` package), as npm scripts run it; never the system Node. */
const NODE = `${ROOT}node_modules/.bin/node`;
/** Every entry point: bin/*.ts (shared helpers live in bin/support/). */
const SCRIPTS = readdirSync(`${ROOT}bin`)
  .filter((name) => name.endsWith('.ts'))
  .sort();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    // A scrubbed environment: nothing here may reach a database, Redis or a server.
    const child = spawn(NODE, [`bin/${script}`, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: `${ROOT}.data/cli-test` },
    });
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

/** The first option of a script that takes a value, read from its --help (to test a missing value). */
function valueOption(help: string): string | null {
  return /^\s+(--[\w-]+) [A-Z]/m.exec(help)?.[1] ?? null;
}

describe('every bin/ script behaves as a CLI', () => {
  it('has the scripts package.json runs', () => {
    const scripts = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).scripts as Record<string, string>;
    const referenced = Object.values(scripts).flatMap((s) =>
      [...s.matchAll(/bin\/([\w-]+\.ts)/g)].map((m) => m[1]),
    );
    for (const file of referenced) expect(SCRIPTS).toContain(file);
    expect(SCRIPTS.length).toBeGreaterThanOrEqual(10);
  });

  // One test per script, all scripts at once: each spawn pays for loading the script's imports.
  it.concurrent.each(SCRIPTS)(
    '%s: --help, an unknown option, a missing value',
    async (script) => {
      const help = await run(script, ['--help']);
      expect(help.stderr).toBe('');
      expect(help.code).toBe(0);
      // Only the usage text: a benchmark, server or call that had started would print more.
      expect(help.stdout).toMatch(/^Usage: \S.*\[options\]\n\n/);
      expect(help.stdout).toMatch(/-h, --help {2,}print this help and exit\n/);
      expect(help.stdout.split('\nOptions:\n')).toHaveLength(2);

      // Usage errors: one line on stderr naming the problem and --help, exit 2, no stack trace.
      const oneLine = /^[^\n]+: [^\n]+ \(see [^\n]+ --help\)\n$/;
      const unknown = await run(script, ['--definitely-not-an-option']);
      expect(unknown.code).toBe(2);
      expect(unknown.stdout).toBe('');
      expect(unknown.stderr).toMatch(oneLine);
      expect(unknown.stderr).toContain(": unknown option '--definitely-not-an-option' (see");

      const option = valueOption(help.stdout);
      if (!option) return; // the script takes no option with a value
      const missing = await run(script, [option]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(oneLine);
      expect(missing.stderr).toContain(`option '${option} <value>' argument missing`);
    },
    scaled(120_000),
  );
});

describe('the argument helper', () => {
  const spec = defineCli({
    command: 'npm run thing --',
    summary: 'Does a thing.',
    options: {
      to: { type: 'string', value: 'NUMBER', description: 'where', required: true },
      say: { type: 'string', multiple: true, description: 'lines' },
      speed: { type: 'string', description: 'how fast', default: '1' },
      fast: { type: 'boolean', description: 'hurry' },
    },
    env: [['THING_URL', 'where the thing is']],
  });
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        out: (s: string) => void out.push(s),
        err: (s: string) => void err.push(s),
        exit: (code: number): never => {
          throw new Error(`exit ${code}`);
        },
      },
    };
  };

  it('fills defaults, lists and flags', () => {
    const t = io();
    expect(parseCli(spec, ['--to', '+1555', '--say', 'a', '--say', 'b'], t.io)).toEqual({
      to: '+1555',
      say: ['a', 'b'],
      speed: '1',
      fast: false,
    });
  });

  it('reports a missing required option in one line with exit 2', () => {
    const t = io();
    expect(() => parseCli(spec, ['--fast'], t.io)).toThrow('exit 2');
    expect(t.err).toEqual(['thing: missing required option --to (see npm run thing -- --help)\n']);
  });

  it('refuses a stray argument in one line with exit 2', () => {
    const t = io();
    expect(() => parseCli(spec, ['--to', '+1555', 'stray'], t.io)).toThrow('exit 2');
    expect(t.err).toEqual(["thing: unexpected argument 'stray' (see npm run thing -- --help)\n"]);
  });

  it('takes -h as --help', () => {
    const t = io();
    expect(() => parseCli(spec, ['-h'], t.io)).toThrow('exit 0');
    expect(t.out).toEqual([usage(spec)]);
  });

  it('answers --help before complaining about anything else', () => {
    const t = io();
    expect(() => parseCli(spec, ['--bogus', '--help'], t.io)).toThrow('exit 0');
    expect(t.out).toEqual([usage(spec)]);
    expect(t.out[0]).toMatch(/--to NUMBER +where \(required\)\n/);
    expect(t.out[0]).toMatch(/-h, --help +print this help and exit\n/);
    expect(t.out[0]).toContain('THING_URL  where the thing is');
  });
});
