import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { JobContext } from './job-context.ts';

export const QUEUE_NAMES = ['notifications', 'maintenance', 'exports'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export type JobHandler<P> = (payload: P, context: JobContext, meta: JobMeta) => Promise<unknown>;

export interface JobMeta {
  jobId: string;
  attempt: number;
  maxAttempts: number;
  /** Reports progress 0..100 to the queue (visible in the dashboard and to pollers). */
  progress(percent: number): Promise<void>;
}

/**
 * A job is a definition plus a lazily loaded handler: the definition is cheap to import everywhere
 * (producers validate payloads with it), the handler's dependencies load only in workers.
 */
export interface JobDefinition<P = unknown> {
  /** Stable id; also the BullMQ job name. */
  name: string;
  queue: QueueName;
  version: number;
  payload: z.ZodType<P>;
  options?: JobsOptions;
  /** Runs on a schedule (in every worker role; BullMQ's scheduler makes it happen once). */
  everyMs?: number;
  handler: () => Promise<JobHandler<P>>;
  /** Called once after the final failed attempt, before the failure is recorded. */
  onDeadLetter?: (payload: P, error: Error, context: JobContext) => Promise<void>;
}

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

/** A definition with its payload type erased, for lists of mixed jobs (workers re-validate). */
export type AnyJobDefinition = JobDefinition<never>;
export const anyJob = <P>(definition: JobDefinition<P>) => definition as unknown as AnyJobDefinition;

/** Retries with exponential backoff are the default for every job. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
