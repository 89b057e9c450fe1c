import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateUp } from '../../db/migrate.ts';
import { createDatabasePool, type DatabasePool } from '../../db/pool.ts';

export interface Sandbox {
  url: string;
  pool: DatabasePool;
  drop(): Promise<void>;
}

/**
 * A throwaway, migrated database beside the real one (same server): the generator's calls run
 * there, so nothing they do (bookings, outbox rows, call log) reaches the business's real data.
 */
export async function createSandbox(databaseUrl: string): Promise<Sandbox> {
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const name = `ar_synth_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  try {
    await migrateUp(url.toString());
    const pool = await createDatabasePool(url.toString(), { maximumPoolSize: 6 });
    return {
      url: url.toString(),
      pool,
      drop: async () => {
        await pool.end();
        await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  } catch (error) {
    await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw error;
  }
}
