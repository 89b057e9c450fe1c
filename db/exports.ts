import { sql } from 'slonik';
import { z } from 'zod';
import { type TurnFilters, turnConditions } from './analytics.ts';
import type { CommonQueryMethods, DatabasePool } from './pool.ts';

/** Conversation exports: the exports row is the job's visible state (status, progress, file). */
export const ExportRow = z.object({
  id: z.uuid(),
  customer_id: z.uuid().nullable(),
  requested_by: z.string(),
  filters: z.record(z.string(), z.unknown()),
  include_audio: z.boolean(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z.number(),
  row_count: z.number(),
  file_path: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.number(),
  finished_at: z.number().nullable(),
});
export type ExportRow = z.infer<typeof ExportRow>;

export async function createExport(
  db: CommonQueryMethods,
  e: { customerId: string | null; requestedBy: string; filters: TurnFilters; includeAudio: boolean },
): Promise<ExportRow> {
  return db.one(sql.type(ExportRow)`
    INSERT INTO exports (customer_id, requested_by, filters, include_audio)
    VALUES (${e.customerId}, ${e.requestedBy}, ${sql.jsonb(e.filters as never)}, ${e.includeAudio})
    RETURNING *`);
}

/** customerId undefined: any export (operators, the job); otherwise only that customer's. */
export async function findExport(
  db: CommonQueryMethods,
  id: string,
  customerId?: string | null,
): Promise<ExportRow | null> {
  const scope =
    customerId === undefined
      ? sql.fragment``
      : customerId === null
        ? sql.fragment`AND customer_id IS NULL`
        : sql.fragment`AND customer_id = ${customerId}`;
  return db.maybeOne(sql.type(ExportRow)`SELECT * FROM exports WHERE id = ${id} ${scope}`);
}

export async function markExportRunning(db: CommonQueryMethods, id: string): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE exports SET status = 'running', progress = 0, row_count = 0, error = NULL WHERE id = ${id}`);
}

export async function setExportProgress(db: CommonQueryMethods, id: string, progress: number, rows: number) {
  await db.query(sql.unsafe`
    UPDATE exports SET progress = ${Math.max(0, Math.min(99, Math.floor(progress)))}, row_count = ${rows}
    WHERE id = ${id} AND status = 'running'`);
}

export async function finishExport(db: CommonQueryMethods, id: string, filePath: string, rows: number) {
  await db.query(sql.unsafe`
    UPDATE exports SET status = 'done', progress = 100, row_count = ${rows}, file_path = ${filePath},
      finished_at = now() WHERE id = ${id}`);
}

export async function failExport(db: CommonQueryMethods, id: string, error: string) {
  await db.query(sql.unsafe`
    UPDATE exports SET status = 'failed', error = ${error.slice(0, 500)}, finished_at = now() WHERE id = ${id}`);
}

const FROM_TURNS = sql.fragment`
  FROM conversation_turns t
  JOIN calls c ON c.id = t.call_id
  JOIN customers cu ON cu.id = t.customer_id`;

export async function countExportTurns(db: CommonQueryMethods, customerId: string | null, f: TurnFilters) {
  return db.oneFirst(sql.type(z.object({ n: z.coerce.number() }))`
    SELECT count(*) AS n ${FROM_TURNS} WHERE ${turnConditions(customerId, f)}`);
}

export const ExportTurnRow = z.object({
  customer_id: z.uuid(),
  business_name: z.string(),
  call_id: z.uuid(),
  turn_index: z.number(),
  created_at: z.number(),
  user_utterance: z.string(),
  ai_response: z.string(),
  tool_calls: z.unknown(),
  user_audio: z.instanceof(Buffer).nullable(),
  ai_audio: z.instanceof(Buffer).nullable(),
  /** A synthetic fine-tuning record's own system prompt, as imported. */
  system_prompt: z.string().nullable(),
});
export type ExportTurnRow = z.infer<typeof ExportTurnRow>;

/**
 * Streams the selected turns in (call, turn) order through a server-side cursor, so memory stays
 * flat however many rows match. `onRow` may be slow: awaiting it applies backpressure to the cursor.
 */
export async function streamExportTurns(
  pool: DatabasePool,
  customerId: string | null,
  f: TurnFilters,
  includeAudio: boolean,
  onRow: (row: ExportTurnRow) => Promise<void>,
): Promise<void> {
  const audio = includeAudio
    ? sql.fragment`t.user_audio, t.ai_audio`
    : sql.fragment`NULL::bytea AS user_audio, NULL::bytea AS ai_audio`;
  let consumed: Promise<void> = Promise.resolve();
  await pool.stream(
    sql.type(ExportTurnRow)`
      SELECT t.customer_id, cu.business_name, t.call_id, t.turn_index, t.created_at, t.user_utterance, t.ai_response,
        t.tool_calls, ${audio}, c.synthetic_meta->>'system' AS system_prompt
      ${FROM_TURNS}
      WHERE ${turnConditions(customerId, f)}
      ORDER BY t.call_id, t.turn_index`,
    (stream) => {
      consumed = (async () => {
        try {
          for await (const event of stream) await onRow(event.data);
        } catch (error) {
          stream.destroy(error as Error);
          throw error;
        }
      })();
      // Observed below; this keeps an early failure from being reported as unhandled meanwhile.
      consumed.catch(() => {});
    },
  );
  await consumed;
}

/** Deletes exports finished before `beforeMs` and returns their files, for the caller to remove. */
export async function deleteExportsFinishedBefore(db: CommonQueryMethods, beforeMs: number) {
  return db.anyFirst(sql.type(z.object({ file_path: z.string().nullable() }))`
    DELETE FROM exports WHERE finished_at < to_timestamp(${beforeMs / 1000}) RETURNING file_path`);
}
