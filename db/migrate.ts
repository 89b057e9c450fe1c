import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface MigrationLog {
  info(message: string): void;
}

/**
 * Applies pending SQL migrations (node-pg-migrate). Concurrent starters wait on the advisory lock,
 * so several API/worker processes booting together apply each migration once.
 */
export async function migrateUp(databaseUrl: string, log?: MigrationLog): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    log: () => {},
  });
  const names = applied.map((m) => m.name);
  if (names.length > 0) log?.info(`applied migrations: ${names.join(', ')}`);
  return names;
}
