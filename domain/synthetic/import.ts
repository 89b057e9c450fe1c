import type { z } from 'zod';
import type { DatabasePool, DatabaseTransactionConnection } from '../../db/pool.ts';
import {
  insertSyntheticTurns,
  refreshSyntheticCalls,
  type SyntheticCallInput,
  type SyntheticTurnInput,
  turnCollisions,
  upsertSyntheticCalls,
} from '../../db/synthetic-conversations.ts';
import { AppError, badRequest } from '../../lib/errors.ts';
import { ConversationLogLine, detectFormat, type ImportFormat, OpenAiLine } from './formats.ts';
import { readLines } from './line-reader.ts';
import { conversationLogRecords, type LineRecords, openAiRecords } from './records.ts';

/** A line holds at most one conversation or one turn with its audio. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;
/** Lines are written in batches of about this many turns (or fewer when they carry audio). */
const BATCH_TURNS = 500;
const BATCH_BYTES = 8 * 1024 * 1024;
/** The report lists this many line errors; the count covers them all. */
const MAX_REPORTED_ERRORS = 100;

export interface ImportOptions {
  format: ImportFormat;
  /** Validate every line, write nothing. */
  dryRun: boolean;
  now?: () => number;
}

/** In a dry run, `turns.imported` counts the valid turns (duplicates are only known when writing). */
export interface ImportReport {
  lines: number;
  conversations: { imported: number; skipped: number };
  turns: { imported: number; skipped: number };
  dryRun: boolean;
}

export interface LineError {
  line: number;
  message: string;
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** One line checked and turned into rows, or the reason it cannot be imported. */
export function parseImportLine(
  text: string,
  format: ImportFormat,
  customerId: string,
  nowMs: number,
): LineRecords | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'is not valid JSON';
  }
  const kind = format === 'auto' ? detectFormat(value) : format;
  if (kind === 'openai') {
    const parsed = OpenAiLine.safeParse(value);
    return parsed.success ? openAiRecords(parsed.data, text, nowMs) : issueText(parsed.error);
  }
  const parsed = ConversationLogLine.safeParse(value);
  return parsed.success ? conversationLogRecords(parsed.data, customerId, nowMs) : issueText(parsed.error);
}

class Batch {
  readonly calls = new Map<string, SyntheticCallInput>();
  readonly whole = new Set<string>();
  readonly turns: (SyntheticTurnInput & { line: number })[] = [];
  bytes = 0;

  add(records: LineRecords, line: number, bytes: number): void {
    const call = this.calls.get(records.call.externalId);
    if (!call) this.calls.set(records.call.externalId, { ...records.call });
    else {
      call.startedMs = Math.min(call.startedMs, records.call.startedMs);
      call.endedMs = Math.max(call.endedMs, records.call.endedMs);
    }
    if (records.whole) this.whole.add(records.call.externalId);
    for (const t of records.turns) this.turns.push({ ...t, ordinal: this.turns.length, line });
    this.bytes += bytes;
  }

  get full(): boolean {
    return this.turns.length >= BATCH_TURNS || this.bytes >= BATCH_BYTES;
  }
}

/** Writes one batch; returns line errors for turns whose index another turn already holds. */
async function writeBatch(
  tx: DatabaseTransactionConnection,
  customerId: string,
  batch: Batch,
  report: ImportReport,
): Promise<LineError[]> {
  for (const call of batch.calls.values()) call.transcript = transcriptOf(batch.turns, call.externalId);
  const calls = await upsertSyntheticCalls(tx, customerId, [...batch.calls.values()]);
  const ids = new Map(calls.map((c) => [c.external_id, c.id]));
  // A whole conversation whose call already exists was imported before: it is skipped entirely.
  const seen = new Set(
    calls.filter((c) => !c.created && batch.whole.has(c.external_id)).map((c) => c.external_id),
  );
  report.conversations.imported += calls.filter((c) => c.created).length;
  report.conversations.skipped += seen.size;
  const turns = batch.turns.filter((t) => !seen.has(t.callExternalId));
  report.turns.skipped += batch.turns.length - turns.length;
  const written = await insertSyntheticTurns(tx, customerId, ids, turns);
  report.turns.imported += written.size;
  const missing = turns.filter((t) => !written.has(t.externalId));
  const collided = await turnCollisions(
    tx,
    customerId,
    missing.map((t) => t.externalId),
  );
  report.turns.skipped += missing.length - collided.size;
  // A call created here got its transcript with it; one that existed gained turns: rebuild it.
  const created = new Set(calls.filter((c) => c.created).map((c) => c.external_id));
  const grown = turns.filter((t) => written.has(t.externalId) && !created.has(t.callExternalId));
  await refreshSyntheticCalls(tx, customerId, [...new Set(grown.map((t) => ids.get(t.callExternalId)!))]);
  return missing
    .filter((t) => collided.has(t.externalId))
    .map((t) => ({
      line: t.line,
      message: `turnIndex: turn ${t.turnIndex ?? '(next)'} of ${t.callExternalId} is taken`,
    }));
}

/** The call transcript the live pipeline writes, for the batch's turns of one call (in order). */
function transcriptOf(turns: readonly SyntheticTurnInput[], callExternalId: string): string {
  return turns
    .filter((t) => t.callExternalId === callExternalId)
    .sort((a, b) => (a.turnIndex ?? a.ordinal) - (b.turnIndex ?? b.ordinal))
    .flatMap((t) => [
      t.userUtterance && `Caller: ${t.userUtterance}`,
      t.aiResponse && `Agent: ${t.aiResponse}`,
    ])
    .filter(Boolean)
    .join('\n');
}

class ImportRejected extends Error {}

/**
 * Imports synthetic conversations from a JSONL stream for one customer: every line is validated
 * as it arrives and written in batches inside one transaction, so memory holds one batch whatever
 * the size of the file. Any invalid line rolls the whole import back (nothing is half-imported) and
 * the answer lists the bad lines by number. Lines already imported (same client id) are skipped,
 * so sending a file again, or the rest of it after a failure, is safe.
 */
export async function importSyntheticConversations(
  pool: DatabasePool,
  customerId: string,
  source: AsyncIterable<Buffer | Uint8Array | string>,
  options: ImportOptions,
): Promise<ImportReport> {
  const now = options.now ?? Date.now;
  const report: ImportReport = {
    lines: 0,
    conversations: { imported: 0, skipped: 0 },
    turns: { imported: 0, skipped: 0 },
    dryRun: options.dryRun,
  };
  const errors: LineError[] = [];
  let errorCount = 0;
  const fail = (list: LineError[]) => {
    errorCount += list.length;
    for (const e of list) if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
  };

  const run = async (tx: DatabaseTransactionConnection | null) => {
    let batch = new Batch();
    const flush = async () => {
      if (tx && errorCount === 0 && batch.turns.length > 0)
        fail(await writeBatch(tx, customerId, batch, report));
      batch = new Batch();
    };
    for await (const line of readLines(source, MAX_LINE_BYTES)) {
      if (line.text === null) {
        report.lines = line.no;
        fail([{ line: line.no, message: `is longer than ${MAX_LINE_BYTES} bytes` }]);
        continue;
      }
      if (!line.text.trim()) continue;
      report.lines = line.no;
      const records = parseImportLine(line.text, options.format, customerId, now());
      if (typeof records === 'string') {
        fail([{ line: line.no, message: records }]);
        continue;
      }
      // After the first error nothing more is written; the rest is only validated.
      if (errorCount > 0) continue;
      if (!tx) {
        report.turns.imported += records.turns.length;
        continue;
      }
      batch.add(records, line.no, line.text.length);
      if (batch.full) await flush();
    }
    await flush();
    if (report.lines === 0) fail([{ line: 0, message: 'the file has no lines' }]);
    if (errorCount > 0) throw new ImportRejected();
  };

  try {
    if (options.dryRun) await run(null);
    else await pool.transaction((tx) => run(tx));
  } catch (error) {
    if (!(error instanceof ImportRejected)) throw error;
    const first = errors[0]!;
    throw badRequest(`line ${first.line}: ${first.message}`, {
      errors,
      errorCount,
      lines: report.lines,
      imported: 0,
    });
  }
  return report;
}

/** Passes the stream through, failing (413) once it has carried more than `maxBytes`. */
export async function* limitBytes(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  maxBytes: number,
): AsyncGenerator<Buffer | Uint8Array | string> {
  let total = 0;
  for await (const chunk of source) {
    total += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (total > maxBytes) {
      throw new AppError(
        413,
        'payload_too_large',
        `an import may send at most ${maxBytes} bytes; split the file`,
      );
    }
    yield chunk;
  }
}
