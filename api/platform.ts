import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../db/embedded-postgres.ts';
import { migrateUp } from '../db/migrate.ts';
import { createDatabasePool } from '../db/pool.ts';
import { createRedis } from '../jobs/connection.ts';
import type { JobContext } from '../jobs/job-context.ts';
import { ensureRedis, type LocalRedis } from '../jobs/local-redis.ts';
import { JobQueues } from '../jobs/queues.ts';
import { JOB_DEFINITIONS } from '../jobs/registry.ts';
import { startWorkers, type WorkerPool } from '../jobs/worker.ts';
import { buildApp } from './app.ts';
import { startOutboundServices } from './outbound-services.ts';
import { createMetricsRegistry } from './plugins/external/metrics.ts';
import { QUEUE_DASHBOARD_PATH } from './routes/admin-queues.ts';

export const PORTAL_ROOT = fileURLToPath(new URL('../dist/portal', import.meta.url));
export const EMBEDDED_POSTGRES_PORT = 54329;
const EMBEDDED_DATABASE = 'receptionist';

/** Where `npm start` puts its embedded PostgreSQL when DATABASE_URL is unset (tools read it too). */
export const embeddedDatabaseUrl = () =>
  `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_POSTGRES_PORT}/${EMBEDDED_DATABASE}`;

export interface RunningPlatform {
  app: FastifyInstance | null;
  workers: WorkerPool | null;
  urls: Record<string, string>;
  /** What this process connected to (the embedded PostgreSQL / a started redis-server included). */
  databaseUrl: string;
  redisUrl: string;
  close(): Promise<void>;
}

/**
 * Starts this process's role: `api` (HTTP + voice WebSockets), `worker` (BullMQ) or `all`. Every
 * role shares one PostgreSQL and one Redis, so any number of each can run side by side.
 */
export async function startPlatform(config: Config, logger: Logger): Promise<RunningPlatform> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
    }
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      logger.info('DATABASE_URL not set: starting embedded PostgreSQL under %s', config.dataDir);
      const embedded: EmbeddedDatabase = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: EMBEDDED_POSTGRES_PORT,
        database: EMBEDDED_DATABASE,
      });
      cleanups.push(() => embedded.stop());
      databaseUrl = embedded.url;
    }
    const redisServer: LocalRedis = await ensureRedis(config.redisUrl, config.dataDir);
    if (redisServer.stop) {
      logger.info('Redis was not answering: started redis-server from PATH under %s', config.dataDir);
      cleanups.push(redisServer.stop);
    }

    await migrateUp(databaseUrl, { info: (m) => logger.info(m) });
    const pool = await createDatabasePool(databaseUrl);
    cleanups.push(() => pool.end());
    const redis = createRedis(redisServer.url, { connectionName: `receptionist-${config.role}` });
    cleanups.push(() => redis.quit());
    const queues = new JobQueues(redis, config.queuePrefix);
    cleanups.push(() => queues.close());
    const metrics = createMetricsRegistry(true);
    // PayPal (or its emulator) and mail (SMTP_URL or the local catcher), shared by API and workers.
    const outbound = await startOutboundServices(config, logger);
    cleanups.push(() => outbound.close());

    let workers: WorkerPool | null = null;
    if (config.role !== 'api') {
      const context: JobContext = {
        config,
        pool,
        logger: logger.child({ role: 'worker' }),
        queues,
        services: outbound.jobServices,
      };
      workers = await startWorkers(context, JOB_DEFINITIONS, {
        connection: redis,
        prefix: config.queuePrefix,
      });
      cleanups.push(() => workers!.close());
    }

    let app: FastifyInstance | null = null;
    const urls: Record<string, string> = {};
    if (config.role !== 'worker') {
      app = await buildApp({
        config,
        logger,
        pool,
        redis,
        queues,
        metrics,
        portalRoot: PORTAL_ROOT,
        paypal: outbound.paypal,
        mailCatcher: outbound.mailCatcher,
      });
      // Closing the app stops accepting connections and waits for in-flight requests and calls.
      cleanups.push(() => app!.close());
      await app.listen({ port: config.http.port, host: config.http.host });
      const base = config.http.publicUrl;
      Object.assign(urls, {
        portal: `${base}/`,
        apiDocs: `${base}/docs`,
        queueDashboard: `${base}${QUEUE_DASHBOARD_PATH}`,
        health: `${base}/ready`,
      });
    }
    return { app, workers, urls, databaseUrl, redisUrl: redisServer.url, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
