import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { DateTime } from 'luxon';
import { sql } from 'slonik';
import { z } from 'zod';
import { embeddedDatabaseUrl } from '../api/platform.ts';
import { insertBusySlots, readBusinessSnapshot, writeBusinessSnapshot } from '../db/business-snapshot.ts';
import { createDatabasePool } from '../db/pool.ts';
import { importSyntheticConversations } from '../domain/synthetic/import.ts';
import { SAMPLE_BUSINESSES, sampleFor } from '../fixtures/synthetic/businesses.ts';
import { planCall, ScriptedCaller } from '../fixtures/synthetic/caller.ts';
import { placeScriptedCall } from './synth/calls.ts';
import { cli, usageError } from './synth/cli.ts';
import { conversationLines } from './synth/collect.ts';
import { startSynthPlatform } from './synth/platform.ts';
import { ensureSampleBusiness, sampleSnapshot } from './synth/samples.ts';
import { createSandbox } from './synth/sandbox.ts';

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

const databaseUrl = process.env.DATABASE_URL || embeddedDatabaseUrl();
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const pool = await createDatabasePool(databaseUrl, { maximumPoolSize: 4, statementTimeoutMs: 120_000 });
const started = performance.now();
try {
  const own = args.customer ? await readBusinessSnapshot(pool, args.customer) : null;
  if (args.customer && !own) usageError(`no customer ${args.customer}`);
  const sample = args.industry ? SAMPLE_BUSINESSES[args.industry]! : sampleFor(own!.customer.industry);
  if (!sample) usageError(`the customer's industry has no caller scripts: pass --industry`);
  const snapshot = own ?? sampleSnapshot(sample);
  const info = z
    .object({
      timeZone: z.string().default('America/New_York'),
      services: z.array(z.object({ name: z.string() })).default([]),
    })
    .catch({ timeZone: 'America/New_York', services: [] })
    .parse(snapshot.customer.business_info ?? {});
  const target = args.customer ?? (args.out ? null : await ensureSampleBusiness(pool, sample));

  const sandbox = await createSandbox(databaseUrl);
  const number = '+15550199000';
  try {
    await sandbox.pool.transaction(async (tx) => {
      await writeBusinessSnapshot(tx, snapshot, number);
      // Popular times over the next week are already taken, so some callers meet a full slot.
      const local = DateTime.now().setZone(info.timeZone).startOf('day');
      const busy = [1, 2, 3, 4, 5, 6, 7].flatMap((d) =>
        ['10:00', '15:00'].map((hm) => {
          const start = local.plus({ days: d }).set({ hour: Number(hm.slice(0, 2)), minute: 0 });
          return { startsAt: start.toJSDate(), endsAt: start.plus({ minutes: 60 }).toJSDate() };
        }),
      );
      await insertBusySlots(tx, snapshot.customer.id, busy);
    });
    const platform = await startSynthPlatform(sandbox, { redisUrl, audio: Boolean(args.audio) });
    const scenarios = new Map<string, string>();
    const services = info.services.length ? info.services.map((s) => s.name) : undefined;
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < count) {
        const n = next++;
        const plan = planCall(sample, seed * 10_007 + n, services);
        const from = `+1555${String(2000000 + ((seed + n * 7919) % 7999999)).padStart(7, '0')}`;
        const placed = await placeScriptedCall(platform, {
          from,
          to: number,
          caller: new ScriptedCaller(plan),
          audio: Boolean(args.audio),
        }).catch((error: unknown) => {
          console.error(`call ${n + 1} failed: ${(error as Error).message}`);
          return null;
        });
        if (placed) scenarios.set(placed.callId, describePlan(plan));
        done++;
        if (done % 10 === 0 || done === count) process.stderr.write(`\r${done}/${count} calls`);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
    } finally {
      process.stderr.write('\n');
      await platform.close();
    }
    await waitForCallsToSettle(sandbox.pool);
    const meta = {
      industry: sample.industry,
      profession: snapshot.customer.profession,
      seed,
      scenarios,
    };
    const lines = () =>
      conversationLines(sandbox.pool, snapshot.customer.id, meta, { audio: Boolean(args.audio) });
    if (args.out) {
      const file = createWriteStream(args.out);
      for await (const line of lines()) if (!file.write(line)) await once(file, 'drain');
      file.end();
      await once(file, 'finish');
      console.error(`wrote ${args.out}`);
    }
    if (target) {
      const report = await importSyntheticConversations(pool, target, toBuffers(lines()), {
        format: 'conversation-log',
        dryRun: false,
      });
      console.error(
        `stored ${report.conversations.imported} conversations (${report.turns.imported} turns) as synthetic data of customer ${target}` +
          (report.turns.skipped ? `; ${report.turns.skipped} turns were there already (same seed)` : ''),
      );
    }
    console.log(
      JSON.stringify({
        seed,
        calls: count,
        ...(await summary(sandbox.pool)),
        seconds: Math.round((performance.now() - started) / 1000),
      }),
    );
  } finally {
    await sandbox.drop();
  }
} finally {
  await pool.end();
}

function describePlan(plan: ReturnType<typeof planCall>): string {
  const flags = [
    plan.interrupts && 'interrupts',
    plan.goesSilent && 'silent',
    plan.hangsUpEarly && 'hangs-up',
  ].filter(Boolean);
  return [plan.intents.map((i) => i.kind).join('+'), ...flags].join(' ');
}

async function* toBuffers(lines: AsyncIterable<string>): AsyncGenerator<Buffer> {
  for await (const line of lines) yield Buffer.from(line);
}

async function waitForCallsToSettle(db: typeof pool): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await db.oneFirst(sql.type(z.object({ n: z.coerce.number() }))`
      SELECT count(*) AS n FROM calls WHERE outcome = 'in_progress'`);
    if (open === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function summary(db: typeof pool) {
  return db.one(sql.type(
    z.object({
      turns: z.coerce.number(),
      unanswered: z.coerce.number(),
      interrupted: z.coerce.number(),
      failovers: z.coerce.number(),
      booked: z.coerce.number(),
      answeredFromKnowledge: z.coerce.number(),
    }),
  )`
    SELECT count(*) AS turns, count(*) FILTER (WHERE unanswered IS NOT NULL) AS unanswered,
      count(*) FILTER (WHERE interrupted) AS interrupted,
      count(*) FILTER (WHERE jsonb_array_length(failovers) > 0) AS failovers,
      (SELECT count(*) FROM calls WHERE appointment_booked) AS booked,
      count(*) FILTER (WHERE answer_source IS NOT NULL) AS "answeredFromKnowledge"
    FROM conversation_turns`);
}
