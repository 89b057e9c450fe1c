import { createReadStream } from 'node:fs';
import { embeddedDatabaseUrl } from '../api/platform.ts';
import { createDatabasePool } from '../db/pool.ts';
import { IMPORT_FORMATS, type ImportFormat } from '../domain/synthetic/formats.ts';
import { importSyntheticConversations } from '../domain/synthetic/import.ts';
import { AppError } from '../lib/errors.ts';
import { cli, usageError } from './synth/cli.ts';

const USAGE = `
npm run import:conversations -- --customer ID --file PATH [--format auto|openai|conversation-log] [--dry-run]

Imports synthetic conversations for one customer from a JSONL file (or - for stdin): OpenAI chat
fine-tuning records ({"messages":[...], "id", "metadata"}) or ConversationLog turns ({"id", "callId",
"userUtterance", "aiResponse", ..., "metadata"}). The same importer as
POST /api/analytics/:customerId/conversations/import: streamed, every line validated, all lines or
none, lines imported before (same id) skipped. Rows are flagged synthetic.

  --customer ID    the customer the conversations belong to
  --file PATH      the JSONL file, or - for standard input
  --format NAME    auto (default: by each line's shape), openai or conversation-log
  --dry-run        validate only, write nothing

Environment: DATABASE_URL (default: the embedded database npm start runs under DATA_DIR).
Exit status: 0 imported, 1 rejected (bad lines are printed by number), 2 usage error.
`;

const args = cli(USAGE, {
  customer: { type: 'string' },
  file: { type: 'string' },
  format: { type: 'string', default: 'auto' },
  'dry-run': { type: 'boolean' },
});
if (!args.customer || !/^[0-9a-f-]{36}$/i.test(args.customer)) usageError('--customer must be a customer id');
if (!args.file) usageError('--file is required');
if (!IMPORT_FORMATS.includes(args.format as ImportFormat))
  usageError(`--format must be ${IMPORT_FORMATS.join(', ')}`);

const pool = await createDatabasePool(process.env.DATABASE_URL || embeddedDatabaseUrl(), {
  maximumPoolSize: 2,
  statementTimeoutMs: 120_000,
});
const started = performance.now();
try {
  const source =
    args.file === '-' ? process.stdin : createReadStream(args.file, { highWaterMark: 256 * 1024 });
  const report = await importSyntheticConversations(pool, args.customer, source, {
    format: args.format as ImportFormat,
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
