import { sql } from 'slonik';
import type { DatabasePool } from './pool.ts';

/**
 * Runs `work` while this process holds a PostgreSQL session advisory lock named `name`, so two
 * processes doing the same multi-transaction job (e.g. seeding the demo business from `npm start`
 * and `npm run seed:demo` at once) take turns. The lock lives on one dedicated connection; `work`
 * uses the pool as usual. It is released when `work` settles (or the connection dies).
 */
export async function withAdvisoryLock<T>(
  pool: DatabasePool,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  return pool.connect(async (connection) => {
    await connection.query(sql.unsafe`SELECT pg_advisory_lock(hashtext(${name}))`);
    try {
      return await work();
    } finally {
      await connection.query(sql.unsafe`SELECT pg_advisory_unlock(hashtext(${name}))`);
    }
  });
}
