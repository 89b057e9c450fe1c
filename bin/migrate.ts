import { defineCli, fail, parseCli } from './support/cli-args.ts';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (deploy step for split roles). */
const CLI = defineCli({
  command: 'npm run migrate --',
  summary:
    'Applies pending database migrations to DATABASE_URL and exits (the deploy step before api/worker start; safe to run concurrently: an advisory lock serialises them).',
  options: {},
  env: [['DATABASE_URL', 'PostgreSQL to migrate (required)']],
});
parseCli(CLI);
// Loaded after the arguments, so --help and usage errors answer at once.
const { loadConfig } = await import('../config/config.ts');
const { migrateUp } = await import('../db/migrate.ts');
const config = loadConfig();
if (!config.databaseUrl) fail(CLI, 'DATABASE_URL is required');
const applied = await migrateUp(config.databaseUrl);
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
