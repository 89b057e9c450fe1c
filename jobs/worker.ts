import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { recordJobFailure } from '../db/job-failures.ts';
import type { JobContext } from './job-context.ts';
import type { JobDefinition, JobHandler, QueueName } from './job-definition.ts';

interface Envelope {
  v: number;
  data: unknown;
}

export interface WorkerPool {
  workers: Worker[];
  close(): Promise<void>;
}

export interface WorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency?: number;
}

/**
 * Starts one BullMQ worker per queue that has definitions. Bad payloads fail at once
 * (UnrecoverableError); the final failure of any job is recorded as a dead letter in PostgreSQL.
 */
export async function startWorkers(
  context: JobContext,
  definitions: readonly JobDefinition<never>[],
  options: WorkerOptions,
): Promise<WorkerPool> {
  const byQueue = new Map<QueueName, Map<string, JobDefinition<never>>>();
  for (const definition of definitions) {
    const names = byQueue.get(definition.queue) ?? new Map();
    if (names.has(definition.name)) throw new Error(`duplicate job definition ${definition.name}`);
    names.set(definition.name, definition);
    byQueue.set(definition.queue, names);
  }
  const handlers = new Map<string, JobHandler<never>>();
  const loadHandler = async (definition: JobDefinition<never>) => {
    let handler = handlers.get(definition.name);
    if (!handler) {
      handler = await definition.handler();
      handlers.set(definition.name, handler);
    }
    return handler;
  };

  const workers: Worker[] = [];
  for (const [queue, names] of byQueue) {
    const processor = async (job: Job<Envelope>) => {
      const definition = names.get(job.name);
      if (!definition) throw new UnrecoverableError(`no definition for job ${job.name}`);
      const maxAttempts = job.opts.attempts ?? 1;
      const attempt = job.attemptsMade + 1;
      const parsed = definition.payload.safeParse(job.data?.data);
      try {
        if (!parsed.success)
          throw new UnrecoverableError(`invalid payload for ${job.name}: ${parsed.error.message}`);
        const handler = await loadHandler(definition);
        return await handler(parsed.data as never, context, {
          jobId: job.id ?? '',
          attempt,
          maxAttempts,
          progress: (percent) => job.updateProgress(percent),
        });
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        const final = err instanceof UnrecoverableError || attempt >= maxAttempts;
        if (final) {
          context.logger.error({ job: job.name, jobId: job.id, attempt, err }, 'job failed for good');
          if (parsed.success) await definition.onDeadLetter?.(parsed.data as never, err, context);
          await recordJobFailure(context.pool, {
            queue,
            jobName: job.name,
            jobId: job.id ?? '',
            payload: job.data?.data,
            error: err.message,
            attempts: attempt,
          });
        } else {
          context.logger.warn(
            { job: job.name, jobId: job.id, attempt, err: err.message },
            'job attempt failed',
          );
        }
        throw err;
      }
    };
    const worker = new Worker<Envelope>(queue, processor, {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 8,
      autorun: true,
    });
    worker.on('error', (err) => context.logger.error({ queue, err }, 'worker error'));
    workers.push(worker);
  }

  for (const definition of definitions) {
    if (definition.everyMs) {
      await context.queues
        .queue(definition.queue)
        .upsertJobScheduler(
          definition.name,
          { every: definition.everyMs },
          { name: definition.name, data: { v: definition.version, data: {} } },
        );
    }
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));

  return {
    workers,
    // Worker.close() waits for jobs in progress to finish: SIGTERM drains instead of dropping work.
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
