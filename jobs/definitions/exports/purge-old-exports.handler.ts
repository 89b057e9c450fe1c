import { rm } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { deleteExportsFinishedBefore } from '../../../db/exports.ts';
import type { JobContext } from '../../job-context.ts';
import { exportsDir } from './export-conversations.handler.ts';
import { EXPORT_RETENTION_MS } from './purge-old-exports.ts';

export async function handle(
  _payload: Record<string, never>,
  context: JobContext,
): Promise<{ removed: number }> {
  return purgeExportsFinishedBefore(context, Date.now() - EXPORT_RETENTION_MS);
}

export async function purgeExportsFinishedBefore(
  context: JobContext,
  beforeMs: number,
): Promise<{ removed: number }> {
  const root = resolve(exportsDir(context.config.dataDir));
  const files = await deleteExportsFinishedBefore(context.pool, beforeMs);
  for (const file of files) {
    // Only files inside the exports folder are ever deleted, whatever a row says.
    if (file && resolve(file).startsWith(root + sep)) await rm(file, { force: true });
  }
  if (files.length > 0) context.logger.info({ removed: files.length }, 'purged old conversation exports');
  return { removed: files.length };
}
