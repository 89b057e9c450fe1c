import { loadConfig } from '../config/config.ts';
import { migrateUp } from '../db/migrate.ts';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (deploy step for split roles). */
const config = loadConfig();
if (!config.databaseUrl) {
  console.error('DATABASE_URL is required for `npm run migrate`.');
  process.exit(2);
}
const applied = await migrateUp(config.databaseUrl);
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
