import { embeddedDatabaseUrl } from '../api/platform.ts';
import { createDatabasePool } from '../db/pool.ts';
import { SAMPLE_BUSINESSES } from '../fixtures/synthetic/businesses.ts';
import { cli, usageError } from './synth/cli.ts';
import { GenerateError, generateSyntheticConversations } from './synth/generate.ts';

const USAGE = `
npm run synth -- --industry dental|salon|plumbing --count N [--customer ID] [--out FILE] [--audio] [--seed N] [--concurrency N]

Generates synthetic conversations by calling the business's own receptionist: a sandbox copy of the
business (profile, documents, owner answers) in a throwaway database, the real platform over it,
and scripted callers placing phone calls through the Twilio simulator with fake speech providers.
Callers vary intents (bookings, hours, prices, address, document and unknown questions, messages,
transfers), wording, names and dates; some talk over the receptionist, go quiet or hang up, and
simulated Deepgram/TTS outages force failovers. The calls are stored as synthetic conversations.

  --industry NAME     the caller scripts' trade (default: the customer's industry)
  --count N           calls to place (default 20)
  --customer ID       call this customer's receptionist and store the result as their synthetic data
  --out FILE          also (or only, without --customer) write the ConversationLog JSONL to FILE
  --audio             real speech: espeak-ng voices for caller and agent, stored with each turn
  --seed N            reproduce a run (same seed, same callers; re-importing adds nothing)
  --concurrency N     calls at a time (default 4)

Without --customer and --out, the result goes to the development sample business of the industry.
Environment: DATABASE_URL (default: the embedded database of npm start), REDIS_URL.
`;

const args = cli(USAGE, {
  industry: { type: 'string' },
  count: { type: 'string', default: '20' },
  customer: { type: 'string' },
  out: { type: 'string' },
  audio: { type: 'boolean' },
  seed: { type: 'string' },
  concurrency: { type: 'string', default: '4' },
});
const count = Number(args.count);
const concurrency = Number(args.concurrency);
const seed = args.seed === undefined ? Math.floor(Math.random() * 1_000_000) : Number(args.seed);
if (!Number.isInteger(count) || count < 1 || count > 5000) usageError('--count must be 1 to 5000');
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
  usageError('--concurrency must be 1 to 32');
if (!Number.isInteger(seed) || seed < 0) usageError('--seed must be a whole number');
if (args.customer && !/^[0-9a-f-]{36}$/i.test(args.customer)) usageError('--customer must be a customer id');
if (args.industry && !SAMPLE_BUSINESSES[args.industry]) {
  usageError(`--industry must be one of ${Object.keys(SAMPLE_BUSINESSES).join(', ')}`);
}
if (!args.customer && !args.industry) usageError('--industry is required without --customer');
if (!args.customer && !args.out && process.env.NODE_ENV === 'production') {
  usageError('in production, say where the data goes: --customer or --out');
}

const pool = await createDatabasePool(process.env.DATABASE_URL || embeddedDatabaseUrl(), {
  maximumPoolSize: 4,
  statementTimeoutMs: 120_000,
});
const started = performance.now();
try {
  const result = await generateSyntheticConversations(pool, {
    databaseUrl: process.env.DATABASE_URL || embeddedDatabaseUrl(),
    redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    industry: args.industry,
    count,
    seed,
    concurrency,
    audio: Boolean(args.audio),
    customerId: args.customer,
    out: args.out,
    toSampleBusiness: !args.customer && !args.out,
    progress: (done, total) => {
      if (done % 10 === 0 || done === total)
        process.stderr.write(`\r${done}/${total} calls${done === total ? '\n' : ''}`);
    },
  });
  if (args.out) console.error(`wrote ${args.out}`);
  if (result.stored) {
    const { report, customerId } = result.stored;
    console.error(
      `stored ${report.conversations.imported} conversations (${report.turns.imported} turns) as synthetic data of customer ${customerId}` +
        (report.turns.skipped ? `; ${report.turns.skipped} turns were there already (same seed)` : ''),
    );
  }
  console.log(JSON.stringify({ ...result, seconds: Math.round((performance.now() - started) / 1000) }));
} catch (error) {
  if (!(error instanceof GenerateError)) throw error;
  usageError(error.message);
} finally {
  await pool.end();
}
