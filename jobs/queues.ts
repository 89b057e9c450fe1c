import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEFAULT_JOB_OPTIONS, type JobDefinition, QUEUE_NAMES, type QueueName } from './job-definition.ts';

/**
 * The producer side: one BullMQ Queue per queue name over a shared connection. Payloads are
 * validated before they reach Redis, and carry no secrets (job data is visible in the dashboard).
 */
export class JobQueues {
  readonly prefix: string;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(connection: Redis, prefix: string) {
    this.prefix = prefix;
    for (const name of QUEUE_NAMES) {
      this.queues.set(name, new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS }));
    }
  }

  queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown queue ${name}`);
    return queue;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  async enqueue<P>(definition: JobDefinition<P>, payload: P, options: JobsOptions = {}): Promise<string> {
    const data = definition.payload.parse(payload);
    const job = await this.queue(definition.queue).add(
      definition.name,
      { v: definition.version, data },
      { ...DEFAULT_JOB_OPTIONS, ...definition.options, ...options },
    );
    return job.id ?? '';
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close()));
  }
}
