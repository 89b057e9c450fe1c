import { defineCli, parseCli } from './support/cli-args.ts';

/**
 * The container health check (docker-compose.yml): exit 0 when healthy, 1 (with one line saying
 * why) when not. An api asks its own /ready; a worker, which serves no HTTP, checks that its
 * PostgreSQL and Redis answer.
 */
const CLI = defineCli({
  command: 'node bin/healthcheck.ts',
  summary:
    'Exits 0 when this instance is healthy, 1 otherwise. By default asks http://127.0.0.1:$PORT/ready (api); with --dependencies checks DATABASE_URL and REDIS_URL directly (worker).',
  options: {
    url: {
      type: 'string',
      value: 'URL',
      description: 'readiness URL to ask (default http://127.0.0.1:$PORT/ready)',
    },
    dependencies: { type: 'boolean', description: 'check PostgreSQL and Redis instead of HTTP (workers)' },
  },
  env: [
    ['PORT', 'the api port (default 3000)'],
    ['DATABASE_URL, REDIS_URL', 'what --dependencies checks'],
  ],
});

const TIMEOUT_MS = 4000;

async function postgresAnswers(url: string): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function main(): Promise<string | null> {
  const args = parseCli(CLI);
  // Loaded after the arguments, so --help and usage errors answer at once.
  const { redisAnswers } = await import('../jobs/connection.ts');
  if (args.dependencies) {
    const databaseUrl = process.env.DATABASE_URL;
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    if (!databaseUrl) return 'DATABASE_URL is not set';
    if (!(await postgresAnswers(databaseUrl))) return 'PostgreSQL does not answer';
    if (!(await redisAnswers(redisUrl, TIMEOUT_MS))) return 'Redis does not answer';
    return null;
  }
  const url = args.url ?? `http://127.0.0.1:${process.env.PORT || '3000'}/ready`;
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) }).catch(
    (error: Error) => error,
  );
  if (response instanceof Error) return `${url} did not answer (${response.message})`;
  return response.ok ? null : `${url} answered ${response.status}`;
}

const problem = await main();
if (problem) {
  console.error(`unhealthy: ${problem}`);
  process.exit(1);
}
console.log('healthy');
