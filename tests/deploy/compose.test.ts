import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_VARIABLES } from '../../config/env.ts';

/**
 * No Docker engine runs where the tests do, so the deployment files are checked by parsing them:
 * the compose file's structure and the way compose interpolates `.env` (including its refusal to
 * start while a required variable is empty), and the Dockerfile's stages. What this cannot prove
 * (images build, containers start and pass their health checks) is listed in docs/deployment.md.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(`${ROOT}${file}`, 'utf8');

interface Service {
  image?: string;
  build?: { context: string; target: string };
  command?: string[];
  env_file?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  restart?: string;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  stop_grace_period?: string;
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

/** `.env` as compose reads it: KEY=value lines; comments and blank lines ignored. */
function dotenv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

/**
 * Compose's interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?error}` (empty counts as
 * unset for both), over every string in the file. Returns the errors compose would stop with.
 */
function interpolate(value: unknown, env: Record<string, string>, errors: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g,
      (_, name: string, op?: string, arg = '') => {
        const set = env[name] !== undefined && env[name] !== '';
        if (set) return env[name]!;
        if (op === '?') errors.push(name);
        return op === '-' ? arg : '';
      },
    );
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env, errors));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, errors)]));
  }
  return value;
}

const REQUIRED = [
  'PUBLIC_URL',
  'SESSION_SECRET',
  'ENCRYPTION_KEY',
  'POSTGRES_PASSWORD',
  'SMTP_URL',
  'PAYPAL_CLIENT_ID',
  'PAYPAL_CLIENT_SECRET',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'STT_PROVIDERS',
];

describe('docker-compose.yml', () => {
  it('runs postgres, redis, a migrate step, api and worker', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'migrate', 'postgres', 'redis', 'worker']);
    for (const name of ['migrate', 'api', 'worker']) {
      expect(services[name]!.build, name).toEqual({ context: '.', target: 'runtime' });
      expect(services[name]!.env_file, name).toEqual(['.env']);
      expect(services[name]!.environment?.NODE_ENV, name).toBe('production');
    }
    expect(services.migrate!.command).toEqual(['node', 'bin/migrate.ts']);
    expect(services.api!.environment?.ROLE).toBe('api');
    expect(services.worker!.environment?.ROLE).toBe('worker');
  });

  it('does not publish PostgreSQL or Redis on the host; only the api has a port', () => {
    expect(services.postgres!.ports).toBeUndefined();
    expect(services.redis!.ports).toBeUndefined();
    expect(services.worker!.ports).toBeUndefined();
    expect(services.migrate!.ports).toBeUndefined();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's interpolation syntax, not JavaScript's
    expect(services.api!.ports).toEqual(['${API_PORT:-3000}:3000']);
  });

  it('starts in order: databases healthy → migrations done → api and worker', () => {
    expect(services.migrate!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const name of ['api', 'worker']) {
      expect(services[name]!.depends_on, name).toEqual({
        migrate: { condition: 'service_completed_successfully' },
        redis: { condition: 'service_healthy' },
      });
    }
  });

  it('checks the health of and restarts every long-running service', () => {
    for (const name of ['postgres', 'redis', 'api', 'worker']) {
      expect(services[name]!.healthcheck?.test.length, name).toBeGreaterThan(1);
      expect(services[name]!.restart, name).toBe('unless-stopped');
    }
    expect(services.migrate!.restart).toBe('no');
    expect(services.api!.healthcheck!.test).toEqual(['CMD', 'node', 'bin/healthcheck.ts']);
    expect(services.worker!.healthcheck!.test).toEqual([
      'CMD',
      'node',
      'bin/healthcheck.ts',
      '--dependencies',
    ]);
    // Longer than the default SHUTDOWN_GRACE_MS (30 s), so draining calls are not killed.
    expect(services.api!.stop_grace_period).toBe('45s');
  });

  it('shares the export directory between the api (downloads) and the worker (writes)', () => {
    expect(services.api!.volumes).toEqual(['exports:/app/.data/exports']);
    expect(services.worker!.volumes).toEqual(['exports:/app/.data/exports']);
  });

  it('refuses to start with .env.example as it is, naming every missing production setting', () => {
    const errors: string[] = [];
    interpolate(compose, dotenv(read('.env.example')), errors);
    expect([...new Set(errors)].sort()).toEqual([...REQUIRED].sort());
  });

  it('starts once the required settings are filled in, with the database and Redis on the compose network', () => {
    const env = dotenv(read('.env.example'));
    for (const name of REQUIRED) env[name] = `value-of-${name}`;
    const errors: string[] = [];
    const resolved = interpolate(compose, env, errors) as { services: Record<string, Service> };
    expect(errors).toEqual([]);
    const api = resolved.services.api!.environment!;
    expect(api.DATABASE_URL).toBe(
      'postgres://receptionist:value-of-POSTGRES_PASSWORD@postgres:5432/receptionist',
    );
    expect(api.REDIS_URL).toBe('redis://redis:6379');
    expect(api.HOST).toBe('0.0.0.0');
    expect(api.PAYPAL_CLIENT_ID).toBe('value-of-PAYPAL_CLIENT_ID');
    expect(resolved.services.postgres!.environment!.POSTGRES_PASSWORD).toBe('value-of-POSTGRES_PASSWORD');
  });
});

describe('.env.example', () => {
  const text = read('.env.example');
  const listed = new Set([...text.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));

  it('lists every variable the platform reads and every one compose interpolates', () => {
    const interpolated = [...read('docker-compose.yml').matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!);
    const missing = [...ENV_VARIABLES, ...interpolated, 'WEB_CONCURRENCY'].filter((v) => !listed.has(v));
    expect(missing).toEqual([]);
  });

  it('leaves the required settings empty, so an unfilled copy cannot start', () => {
    const env = dotenv(text);
    for (const name of REQUIRED) expect(env[name], name).toBe('');
  });
});

describe('docs/configuration.md', () => {
  it('documents every variable the platform reads', () => {
    const doc = read('docs/configuration.md');
    expect(ENV_VARIABLES.filter((v) => !doc.includes(`\`${v}\``))).toEqual([]);
  });
});

describe('docker-compose.dev.yml', () => {
  it('publishes its databases on loopback only', () => {
    const dev = parse(read('docker-compose.dev.yml')) as { services: Record<string, Service> };
    const ports = Object.values(dev.services).flatMap((s) => s.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:/);
  });
});

/** Dockerfile instructions by stage, continuation lines joined, comments dropped. */
function dockerStages(text: string): { name: string | null; from: string; lines: string[] }[] {
  const instructions = text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: { name: string | null; from: string; lines: string[] }[] = [];
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ from: from[1]!, name: from[2] ?? null, lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = dockerStages(read('Dockerfile'));
  const runtime = stages.at(-1)!;
  const has = (stage: typeof runtime, re: RegExp) => stage.lines.some((l) => re.test(l));

  it('is multi-stage: the portal is built in one stage and copied into the runtime stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.map((s) => s.from.split(':')[0])).toEqual(stages.map(() => 'node'));
    expect(runtime.name).toBe(services.api!.build!.target);
    const build = stages.find((s) => s.name === 'build')!;
    expect(has(build, /^RUN npm ci\b/)).toBe(true);
    expect(has(build, /^RUN npm run build:portal$/)).toBe(true);
    expect(has(runtime, /^COPY --from=build \/app\/dist\/portal \.\/dist\/portal$/)).toBe(true);
  });

  it('installs production dependencies only in the image that runs', () => {
    const installs = runtime.lines.filter((l) => /\bnpm (ci|install|i)\b/.test(l));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/npm ci --omit=dev/);
    expect(has(runtime, /npm run build/)).toBe(false);
  });

  it('runs as a non-root user with NODE_ENV=production', () => {
    expect(has(runtime, /^ENV NODE_ENV=production$/)).toBe(true);
    const users = runtime.lines.filter((l) => /^USER\s/.test(l));
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.split(/\s+/)[1];
    expect(['root', '0', '0:0']).not.toContain(user);
    // Nothing after USER switches back or installs as root.
    const after = runtime.lines.slice(runtime.lines.lastIndexOf(users.at(-1)!) + 1);
    expect(after.filter((l) => /^(RUN|USER)\s/.test(l))).toEqual([]);
    expect(runtime.lines.at(-1)).toBe('CMD ["node", "bin/start.ts"]');
  });

  it('keeps secrets, local data and dependencies out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.env', 'node_modules', '.data', 'tests', '.git']) expect(ignored).toContain(entry);
  });
});
