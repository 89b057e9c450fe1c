import type { AddressInfo } from 'node:net';
import type { RunningPlatform } from '../api/platform.ts';
import type { Config } from '../config/config.ts';
import type { Logger } from '../config/logger.ts';
import { defineCli, parseCli } from './support/cli-args.ts';
import { firstSpeechRecognizer, localBaseUrl, recordRunningServer } from './support/running-server.ts';

const CLI = defineCli({
  command: 'npm start --',
  summary:
    'Runs the platform (HTTP API, portal, voice WebSockets and job workers, or one ROLE of them). Without DATABASE_URL it runs an embedded PostgreSQL under DATA_DIR; without a Redis at REDIS_URL it starts redis-server from PATH. In development it also makes sure the demo business exists and prints its number and a sign-in link.',
  options: {
    'no-demo': { type: 'boolean', description: 'development: do not create or check the demo business' },
  },
  env: [
    ['PORT, HOST, PUBLIC_URL', 'listen address and public base URL (default 3000, 127.0.0.1)'],
    ['NODE_ENV', 'development (default), test or production'],
    ['ROLE', 'api, worker or all (default)'],
    ['DATABASE_URL, REDIS_URL', 'PostgreSQL and Redis; see docs/configuration.md for everything else'],
  ],
  examples: ['npm start', 'PORT=4000 npm start -- --no-demo', 'ROLE=worker npm start'],
});

/** Development: the demo business `npm run call` dials, created through the purchase and onboarding use cases. */
async function offerDemoBusiness(platform: RunningPlatform, logger: Logger): Promise<void> {
  const app = platform.app!;
  try {
    const { ensureDemoBusiness } = await import('../domain/onboarding/demo-business.ts');
    const { createTwilioClient } = await import('../integrations/twilio-client.ts');
    const demo = await ensureDemoBusiness({
      config: app.config,
      pool: app.db,
      queues: app.queues,
      paypal: app.paypal,
      calendar: app.calendar,
      twilio: createTwilioClient(app.config),
      logger,
      log: logger,
    });
    logger.info(
      `demo business   ${demo.businessName}${demo.created ? ' (created)' : ''}, number ${demo.number}`,
    );
    logger.info(`demo sign-in    ${demo.signInUrl}`);
    logger.info('try it          npm run call   (in another terminal; npm start -- --no-demo skips this)');
  } catch (error) {
    logger.warn({ err: error }, `demo business not available: ${(error as Error).message}`);
  }
}

/** Development: the generated sample conversations of fixtures/synthetic/samples, as synthetic data. */
async function loadSamples(platform: RunningPlatform, logger: Logger): Promise<void> {
  try {
    const { loadSampleConversations } = await import('./synth/samples.ts');
    await loadSampleConversations(platform.app!.db, (m) => logger.info(m));
  } catch (error) {
    logger.warn({ err: error }, 'synthetic sample conversations not loaded');
  }
}

/** `npm start`: the whole platform in one process, or one ROLE of it. */
async function main() {
  const args = parseCli(CLI);
  // The platform is loaded after the arguments, so --help and usage errors answer at once.
  const [
    { startPlatform },
    { describeConfig, loadConfig },
    { ConfigError },
    { createLogger },
    { RedisUnavailableError },
  ] = await Promise.all([
    import('../api/platform.ts'),
    import('../config/config.ts'),
    import('../config/env.ts'),
    import('../config/logger.ts'),
    import('../jobs/local-redis.ts'),
  ]);
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const p of error.problems) console.error(`config error: ${p.variable} ${p.reason}`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config);
  logger.info({ config: describeConfig(config) }, 'starting AI Receptionist');
  let platform: RunningPlatform;
  try {
    platform = await startPlatform(config, logger);
  } catch (error) {
    if (error instanceof RedisUnavailableError) {
      logger.fatal(error.message);
      process.exit(3);
    }
    throw error;
  }
  for (const [name, url] of Object.entries(platform.urls)) logger.info(`${name.padEnd(15)} ${url}`);
  if (config.role !== 'api') logger.info('job workers running');

  let forgetServer = () => {};
  if (platform.app) {
    // Developer tools in another terminal (npm run call, seed:demo) find this server through it.
    const { port } = platform.app.server.address() as AddressInfo;
    forgetServer = recordRunningServer(config.dataDir, {
      pid: process.pid,
      baseUrl: localBaseUrl(config.http.host, port),
      publicUrl: config.http.publicUrl,
      databaseUrl: platform.databaseUrl,
      redisUrl: platform.redisUrl,
      speechToText: firstSpeechRecognizer(config.voice),
    });
    if (config.env === 'development' && !args['no-demo']) await offerDemoBusiness(platform, logger);
    // Development data: sample businesses with generated (synthetic) conversations, loaded once.
    if (config.env === 'development') await loadSamples(platform, logger);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining calls and jobs');
    forgetServer();
    await platform.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
