import { z } from 'zod';
import { defineJob } from '../../job-definition.ts';

/** Removes sessions and login links that can no longer be used; runs hourly. */
export const purgeExpiredCredentials = defineJob({
  name: 'maintenance.purge-expired-credentials',
  queue: 'maintenance',
  version: 1,
  payload: z.object({}),
  everyMs: 60 * 60 * 1000,
  handler: async () => (await import('./purge-expired-credentials.handler.ts')).handle,
});
