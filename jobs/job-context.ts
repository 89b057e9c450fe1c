import type { Logger } from 'pino';
import type { JobsConfig } from '../config/config.ts';
import type { DatabasePool } from '../db/pool.ts';
import type { JobQueues } from './queues.ts';

/**
 * What a job handler may use. Services that talk to the outside world (mail, SMS) are added here
 * by the composition root so tests can point them at local fakes.
 */
export interface JobContext {
  config: JobsConfig;
  pool: DatabasePool;
  logger: Logger;
  queues: JobQueues;
  services: JobServices;
}

/**
 * Outbound services, filled in by the composition root. Each area declares its own member through
 * module augmentation (`declare module '../job-context.ts' { interface JobServices { … } }`).
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by module augmentation in each job area
export interface JobServices {}
