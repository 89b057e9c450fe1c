import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../db/embedded-postgres.ts';
import { migrateUp } from '../../db/migrate.ts';
import { ensureRedis } from '../../jobs/local-redis.ts';
import { withDatabase } from '../helpers/database-url.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDatabase: string;
    redisUrl: string;
  }
}

const STALE_AFTER_MS = 2 * 60 * 60 * 1000;

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
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

/** Drops databases left by crashed runs (their names carry a base-36 timestamp). */
async function dropStale(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'ar\\_t\\_%' OR datname LIKE 'ar\\_tpl\\_%'",
  );
  for (const { datname } of rows) {
    const stamp = Number.parseInt(datname.split('_')[2] ?? '', 36);
    if (Number.isFinite(stamp) && Date.now() - stamp > STALE_AFTER_MS) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
    }
  }
}

/**
 * Once per `vitest run`: find (or start) PostgreSQL and Redis, and build a migrated template
 * database that every test file clones, so files get their own database in milliseconds.
 */
export default async function setup(project: TestProject) {
  const stops: (() => Promise<void>)[] = [];
  const env = process.env;
  let adminUrl = withDatabase(
    env.TEST_DATABASE_URL ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    'postgres',
  );
  if (!(await answers(adminUrl))) {
    const embedded = await startEmbeddedPostgres({
      dataDir: '.data/test',
      port: 54339,
      database: 'postgres',
    });
    stops.push(embedded.stop);
    adminUrl = embedded.url;
  }
  const redis = await ensureRedis(
    env.TEST_REDIS_URL ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    '.data/test',
  );
  if (redis.stop) stops.push(redis.stop);

  const template = `ar_tpl_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await dropStale(admin);
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  await migrateUp(withDatabase(adminUrl, template));

  project.provide('pgAdminUrl', adminUrl);
  project.provide('templateDatabase', template);
  project.provide('redisUrl', redis.url);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await client.end();
    for (const stop of stops) await stop();
  };
}
