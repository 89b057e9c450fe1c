import { z } from 'zod';
import { IMPORT_FORMATS } from './formats.ts';

/** The import endpoint's query and answer. */
export const ImportQuery = z.object({
  format: z.enum(IMPORT_FORMATS).default('auto'),
  dryRun: z.enum(['true', 'false']).default('false'),
});

export const ImportReportSchema = z.object({
  lines: z.number(),
  conversations: z.object({ imported: z.number(), skipped: z.number() }),
  turns: z.object({ imported: z.number(), skipped: z.number() }),
  dryRun: z.boolean(),
});

/** Content types a JSONL upload may declare. */
export const JSONL_CONTENT_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/json-lines'];

/** The most one import request may send (split bigger files; re-sending is idempotent). */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;
