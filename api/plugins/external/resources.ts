import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import type { Config } from '../../../config/config.ts';
import type { DatabasePool } from '../../../db/pool.ts';
import type { JobQueues } from '../../../jobs/queues.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: DatabasePool;
    redis: Redis;
    queues: JobQueues;
  }
}

export interface Resources {
  config: Config;
  pool: DatabasePool;
  redis: Redis;
  queues: JobQueues;
}

/**
 * Shares the process's resources with routes. The composition root created them and closes them
 * after the server has drained, so this plugin only decorates.
 */
async function resources(app: FastifyInstance, r: Resources) {
  app.decorate('config', r.config);
  app.decorate('db', r.pool);
  app.decorate('redis', r.redis);
  app.decorate('queues', r.queues);
}

export default fp(resources, { name: 'db' });
