import { startPlatform } from '../api/platform.ts';
import { describeConfig, loadConfig } from '../config/config.ts';
import { ConfigError } from '../config/env.ts';
import { createLogger } from '../config/logger.ts';
import { RedisUnavailableError } from '../jobs/local-redis.ts';
import { loadSampleConversations } from './synth/samples.ts';

/** `npm start`: the whole platform in one process, or one ROLE of it. */
async function main() {
  let config: ReturnType<typeof loadConfig>;
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
  let platform: Awaited<ReturnType<typeof startPlatform>>;
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
  // Development data: sample businesses with generated (synthetic) conversations, loaded once.
  if (config.env === 'development' && platform.app) {
    await loadSampleConversations(platform.app.db, (m) => logger.info(m)).catch((err: unknown) =>
      logger.warn({ err }, 'synthetic sample conversations not loaded'),
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining calls and jobs');
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
