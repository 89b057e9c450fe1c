import { z } from 'zod';
import { defineJob } from '../../job-definition.ts';

/**
 * Writes the conversations an exports row selects as OpenAI chat fine-tuning JSONL (plus a zip of
 * per-turn WAV audio when asked) under DATA_DIR/exports/. Idempotent: a retry rewrites the file.
 */
export const exportConversations = defineJob({
  name: 'exports.export-conversations',
  queue: 'exports',
  version: 1,
  payload: z.object({ exportId: z.uuid() }),
  options: { attempts: 3, backoff: { type: 'exponential', delay: 2000 } },
  handler: async () => (await import('./export-conversations.handler.ts')).handle,
  onDeadLetter: async (payload, error, context) => {
    const { failExport } = await import('../../../db/exports.ts');
    await failExport(context.pool, payload.exportId, error.message);
  },
});
