import { defineCli, fail, parseCli } from './support/cli-args.ts';

/**
 * `npm run import:conversations`: synthetic conversations from a JSONL file into one customer's
 * data, through the same importer as POST /api/analytics/:customerId/conversations/import.
 */
const CLI = defineCli({
  command: 'npm run import:conversations --',
  summary:
    'Imports synthetic conversations for one customer from a JSONL file (or - for stdin): OpenAI chat fine-tuning records ({"messages":[...], "id", "metadata"}) or ConversationLog turns ({"id", "callId", "userUtterance", "aiResponse", ..., "metadata"}). Streamed, every line validated, all lines or none; lines imported before (same id) are skipped; rows are flagged synthetic. Exit status 1 when the file is rejected (bad lines are printed by number).',
  options: {
    customer: {
      type: 'string',
      value: 'ID',
      required: true,
      description: 'the customer the conversations belong to',
    },
    file: {
      type: 'string',
      value: 'PATH',
      required: true,
      description: 'the JSONL file, or - for standard input',
    },
    format: {
      type: 'string',
      value: 'NAME',
      default: 'auto',
      description: "auto (by each line's shape), openai or conversation-log",
    },
    'dry-run': { type: 'boolean', description: 'validate only, write nothing' },
  },
  env: [['DATABASE_URL', 'the database (default: the embedded database npm start runs under DATA_DIR)']],
  examples: ['npm run import:conversations -- --customer 0b6f… --file conversations.jsonl --dry-run'],
});
const args = parseCli(CLI);
const FORMATS = ['auto', 'openai', 'conversation-log'] as const;
if (!/^[0-9a-f-]{36}$/i.test(args.customer)) fail(CLI, '--customer must be a customer id');
if (!FORMATS.includes(args.format as (typeof FORMATS)[number]))
  fail(CLI, `--format must be ${FORMATS.join(', ')}`);
// Loaded after the arguments, so --help and usage errors answer at once.
const { createReadStream } = await import('node:fs');
const { embeddedDatabaseUrl } = await import('../api/platform.ts');
const { createDatabasePool } = await import('../db/pool.ts');
const { importSyntheticConversations } = await import('../domain/synthetic/import.ts');
const { AppError } = await import('../lib/errors.ts');

const pool = await createDatabasePool(process.env.DATABASE_URL || embeddedDatabaseUrl(), {
  maximumPoolSize: 2,
  statementTimeoutMs: 120_000,
});
const started = performance.now();
try {
  const source =
    args.file === '-' ? process.stdin : createReadStream(args.file, { highWaterMark: 256 * 1024 });
  const report = await importSyntheticConversations(pool, args.customer, source, {
    format: args.format as (typeof FORMATS)[number],
    dryRun: Boolean(args['dry-run']),
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify(report));
  console.error(
    `${report.dryRun ? 'validated' : 'imported'} ${report.lines} lines in ${seconds.toFixed(1)} s: ` +
      `${report.conversations.imported} conversations and ${report.turns.imported} turns new, ` +
      `${report.conversations.skipped} conversations and ${report.turns.skipped} turns already there`,
  );
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  console.error(`rejected: ${error.message}`);
  const details = error.details as
    | { errors?: { line: number; message: string }[]; errorCount?: number }
    | undefined;
  for (const e of details?.errors ?? []) console.error(`  line ${e.line}: ${e.message}`);
  if ((details?.errorCount ?? 0) > (details?.errors?.length ?? 0)) {
    console.error(`  … ${details!.errorCount! - details!.errors!.length} more`);
  }
  process.exitCode = 1;
} finally {
  await pool.end();
}
