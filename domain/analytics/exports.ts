import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { TurnFilters } from '../../db/analytics.ts';
import { createExport, type ExportRow, findExport } from '../../db/exports.ts';
import type { CommonQueryMethods } from '../../db/pool.ts';
import { exportConversations } from '../../jobs/definitions/exports/export-conversations.ts';
import type { JobQueues } from '../../jobs/queues.ts';
import { notFound } from '../../lib/errors.ts';

/** Who an export is for: one customer's own data, or the operator's across customers (`null`). */
export type ExportScope = { customerId: string } | { customerId: null };

/** Records an export request and queues the job that writes it. */
export async function requestExport(
  deps: { db: CommonQueryMethods; queues: JobQueues },
  scope: ExportScope,
  request: { filters: TurnFilters; includeAudio: boolean },
): Promise<string> {
  const requestedBy = scope.customerId ? `customer:${scope.customerId}` : 'operator';
  const row = await createExport(deps.db, { customerId: scope.customerId, requestedBy, ...request });
  await deps.queues.enqueue(exportConversations, { exportId: row.id }, { jobId: `export-${row.id}` });
  return row.id;
}

/** Progress of an export; `downloadUrl` is set once its file is ready. */
export async function exportStatus(
  db: CommonQueryMethods,
  scope: ExportScope,
  exportId: string,
  downloadPath: string,
) {
  const row = await findExport(db, exportId, scope.customerId);
  if (!row) throw notFound('Export');
  return {
    id: row.id,
    status: row.status,
    progress: row.progress,
    rowCount: row.row_count,
    includeAudio: row.include_audio,
    error: row.status === 'failed' ? 'The export failed; please try again.' : null,
    downloadUrl: row.status === 'done' && row.file_path ? downloadPath : null,
  };
}

/**
 * The finished export's file. The path comes from our own row, but a file outside the exports
 * folder is never served.
 */
export async function exportFile(
  db: CommonQueryMethods,
  scope: ExportScope,
  exportId: string,
  dataDir: string,
): Promise<{ path: string; size: number; kind: 'zip' | 'jsonl'; name: string }> {
  const row: ExportRow | null = await findExport(db, exportId, scope.customerId);
  if (!row?.file_path || row.status !== 'done') throw notFound('Export');
  const path = resolve(row.file_path);
  if (!path.startsWith(resolve(dataDir, 'exports') + sep)) throw notFound('Export');
  const info = await stat(path).catch(() => null);
  if (!info) throw notFound('Export file');
  const kind = path.endsWith('.zip') ? 'zip' : 'jsonl';
  return { path, size: info.size, kind, name: `conversations-${row.id}.${kind}` };
}
