import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabasePool, type DatabasePool } from '../../db/pool.ts';
import { withDatabase } from './database-url.ts';

export interface TestDatabase {
  url: string;
  pool: DatabasePool;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database cloned from the run's template; dropped by `drop()`. */
export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const name = `ar_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const template = inject('templateDatabase');
  await admin(async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        // Two clones starting at the same instant can collide on the template; try again.
        if (attempt >= 10 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
      }
    }
  });
  const url = withDatabase(inject('pgAdminUrl'), name);
  const pool = await createDatabasePool(url, { maximumPoolSize: options.poolSize ?? 8 });
  return {
    url,
    pool,
    drop: async () => {
      await pool.end();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
