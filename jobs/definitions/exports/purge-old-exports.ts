import { z } from 'zod';
import { defineJob } from '../../job-definition.ts';

/** Export files hold transcripts and audio: they are kept 7 days, then the file and row go. */
export const EXPORT_RETENTION_MS = 7 * 24 * 3600 * 1000;

export const purgeOldExports = defineJob({
  name: 'exports.purge-old-exports',
  queue: 'exports',
  version: 1,
  payload: z.object({}),
  everyMs: 6 * 3600 * 1000,
  handler: async () => (await import('./purge-old-exports.handler.ts')).handle,
});
