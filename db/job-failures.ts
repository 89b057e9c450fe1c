import { sql } from 'slonik';
import type { CommonQueryMethods } from './pool.ts';

export interface JobFailure {
  queue: string;
  jobName: string;
  jobId: string;
  payload: unknown;
  error: string;
  attempts: number;
}

/** The dead-letter record of a job that exhausted its attempts (idempotent per queue + job id). */
export async function recordJobFailure(db: CommonQueryMethods, failure: JobFailure): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO job_failures (queue, job_name, job_id, payload, error, attempts)
    VALUES (${failure.queue}, ${failure.jobName}, ${failure.jobId}, ${sql.jsonb((failure.payload ?? null) as never)},
            ${failure.error.slice(0, 4000)}, ${failure.attempts})
    ON CONFLICT (queue, job_id) DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts,
      failed_at = now()`);
}
