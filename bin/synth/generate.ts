import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DateTime } from 'luxon';
import { sql } from 'slonik';
import { z } from 'zod';
import { insertBusySlots, readBusinessSnapshot, writeBusinessSnapshot } from '../../db/business-snapshot.ts';
import type { DatabasePool } from '../../db/pool.ts';
import { type ImportReport, importSyntheticConversations } from '../../domain/synthetic/import.ts';
import { SAMPLE_BUSINESSES, type SampleBusiness, sampleFor } from '../../fixtures/synthetic/businesses.ts';
import { type CallPlan, planCall, ScriptedCaller } from '../../fixtures/synthetic/caller.ts';
import { placeScriptedCall } from './calls.ts';
import { conversationLines } from './collect.ts';
import { startSynthPlatform } from './platform.ts';
import { ensureSampleBusiness, sampleSnapshot } from './samples.ts';
import { createSandbox } from './sandbox.ts';

export interface GenerateOptions {
  /** The database the business lives in (the sandbox is created on the same server). */
  databaseUrl: string;
  redisUrl: string;
  /** Caller scripts' trade; defaults to the customer's industry. */
  industry?: string | undefined;
  count: number;
  seed: number;
  concurrency: number;
  audio: boolean;
  /** Call this customer's receptionist and store the result as their synthetic data. */
  customerId?: string | undefined;
  /** Write the ConversationLog JSONL here too. */
  out?: string | undefined;
  /** Without customer and out: store into the development sample business of the industry. */
  toSampleBusiness: boolean;
  progress?: (done: number, total: number) => void;
}

export interface GenerateResult {
  seed: number;
  calls: number;
  failedCalls: number;
  stored: { customerId: string; report: ImportReport } | null;
  sandbox: Record<string, number>;
}

export class GenerateError extends Error {}

function describePlan(plan: CallPlan): string {
  const flags = [
    plan.interrupts && 'interrupts',
    plan.goesSilent && 'silent',
    plan.hangsUpEarly && 'hangs-up',
  ];
  return [plan.intents.map((i) => i.kind).join('+'), ...flags.filter(Boolean)].join(' ');
}

/** Popular times over the next week are already taken, so some callers meet a full slot. */
function busySlots(timeZone: string) {
  const local = DateTime.now().setZone(timeZone).startOf('day');
  return [1, 2, 3, 4, 5, 6, 7].flatMap((d) =>
    [10, 15].map((hour) => {
      const start = local.plus({ days: d }).set({ hour });
      return { startsAt: start.toJSDate(), endsAt: start.plus({ minutes: 60 }).toJSDate() };
    }),
  );
}

/**
 * Generates synthetic conversations by calling the business's own receptionist (its profile,
 * documents and owner answers copied into a sandbox database) with scripted callers through the
 * Twilio simulator, then stores them as the customer's synthetic data and/or writes them as JSONL.
 */
export async function generateSyntheticConversations(
  pool: DatabasePool,
  options: GenerateOptions,
): Promise<GenerateResult> {
  const own = options.customerId ? await readBusinessSnapshot(pool, options.customerId) : null;
  if (options.customerId && !own) throw new GenerateError(`no customer ${options.customerId}`);
  const sample: SampleBusiness | null = options.industry
    ? (SAMPLE_BUSINESSES[options.industry] ?? null)
    : sampleFor(own?.customer.industry);
  if (!sample) throw new GenerateError('no caller scripts for this industry: pass --industry');
  const snapshot = own ?? sampleSnapshot(sample);
  const info = z
    .object({
      timeZone: z.string().default('America/New_York'),
      services: z.array(z.object({ name: z.string() })).default([]),
    })
    .catch({ timeZone: 'America/New_York', services: [] })
    .parse(snapshot.customer.business_info ?? {});
  const target =
    options.customerId ??
    (options.toSampleBusiness && !options.out ? await ensureSampleBusiness(pool, sample) : null);

  const sandbox = await createSandbox(options.databaseUrl);
  const number = '+15550199000';
  try {
    await sandbox.pool.transaction(async (tx) => {
      await writeBusinessSnapshot(tx, snapshot, number);
      await insertBusySlots(tx, snapshot.customer.id, busySlots(info.timeZone));
    });
    const platform = await startSynthPlatform(sandbox, { redisUrl: options.redisUrl, audio: options.audio });
    const scenarios = new Map<string, string>();
    const services = info.services.length ? info.services.map((s) => s.name) : undefined;
    let next = 0;
    let done = 0;
    let failedCalls = 0;
    const worker = async () => {
      while (next < options.count) {
        const n = next++;
        const plan = planCall(sample, options.seed * 10_007 + n, services);
        const from = `+1555${String(2_000_000 + ((options.seed + n * 7919) % 7_999_999)).padStart(7, '0')}`;
        const caller = new ScriptedCaller(plan);
        const placed = await placeScriptedCall(platform, {
          from,
          to: number,
          caller,
          audio: options.audio,
        }).catch(() => null);
        if (placed) scenarios.set(placed.callId, describePlan(plan));
        else failedCalls++;
        options.progress?.(++done, options.count);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, worker));
    } finally {
      await platform.close();
    }
    await waitForCallsToSettle(sandbox.pool);
    const meta = {
      industry: sample.industry,
      profession: snapshot.customer.profession,
      seed: options.seed,
      scenarios,
    };
    // Written to a file first: the import then streams it like any other (and never holds a
    // sandbox query open inside the import's transaction).
    const out = options.out ?? join(await mkdtemp(join(tmpdir(), 'ar-synth-out-')), 'conversations.jsonl');
    const file = createWriteStream(out);
    for await (const line of conversationLines(sandbox.pool, snapshot.customer.id, meta, {
      audio: options.audio,
    })) {
      if (!file.write(line)) await once(file, 'drain');
    }
    file.end();
    await once(file, 'finish');
    try {
      const stored = target
        ? {
            customerId: target,
            report: await importSyntheticConversations(pool, target, createReadStream(out), {
              format: 'conversation-log',
              dryRun: false,
            }),
          }
        : null;
      return {
        seed: options.seed,
        calls: options.count,
        failedCalls,
        stored,
        sandbox: await summary(sandbox.pool),
      };
    } finally {
      if (!options.out) await rm(dirname(out), { recursive: true, force: true });
    }
  } finally {
    await sandbox.drop();
  }
}

async function waitForCallsToSettle(db: DatabasePool): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await db.oneFirst(sql.type(z.object({ n: z.coerce.number() }))`
      SELECT count(*) AS n FROM calls WHERE outcome = 'in_progress'`);
    if (open === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function summary(db: DatabasePool) {
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
