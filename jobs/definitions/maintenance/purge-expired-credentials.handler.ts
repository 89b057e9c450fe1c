import { purgeExpiredCredentials } from '../../../db/sessions.ts';
import type { JobContext } from '../../job-context.ts';

export async function handle(
  _payload: Record<string, never>,
  context: JobContext,
): Promise<{ removed: number }> {
  const removed = await purgeExpiredCredentials(context.pool);
  if (removed > 0) context.logger.info({ removed }, 'purged expired sessions and login links');
  return { removed };
}
