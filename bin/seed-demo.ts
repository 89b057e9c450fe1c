import type { Config } from '../config/config.ts';
import { defineCli, parseCli } from './support/cli-args.ts';
import { readRunningServer } from './support/running-server.ts';

const CLI = defineCli({
  command: 'npm run seed:demo --',
  summary:
    'Creates the demo business (bought through the PayPal emulator, onboarded through all seven steps, live) unless it exists, and prints its number and a fresh sign-in link. Idempotent: run it as often as you like. Uses the database of the platform `npm start` runs from this DATA_DIR, or DATABASE_URL. Development only.',
  options: {},
  env: [
    ['DATA_DIR', 'where npm start recorded its database, Redis and address (default .data)'],
    ['DATABASE_URL, REDIS_URL', "used when set (else the running server's)"],
    ['PUBLIC_URL', "base of the sign-in link (else the running server's)"],
  ],
  examples: ['npm run seed:demo', 'npm run seed:demo && npm run call'],
});

function cannot(message: string): never {
  console.error(`seed:demo: ${message}`);
  return process.exit(1);
}

async function main() {
  parseCli(CLI);
  // Loaded after the arguments, so --help and usage errors answer at once.
  const { pino } = await import('pino');
  const { loadConfig } = await import('../config/config.ts');
  const { ConfigError } = await import('../config/env.ts');
  const { migrateUp } = await import('../db/migrate.ts');
  const { createDatabasePool } = await import('../db/pool.ts');
  const { createCalendarService } = await import('../domain/calendar/service.ts');
  const { ensureDemoBusiness } = await import('../domain/onboarding/demo-business.ts');
  const { PayPalFake } = await import('../fixtures/paypal/paypal-fake.ts');
  const { createPayPalClient, paypalFromConfig } = await import('../integrations/paypal-client.ts');
  const { createTwilioClient } = await import('../integrations/twilio-client.ts');
  const { createRedis, redisAnswers } = await import('../jobs/connection.ts');
  const { JobQueues } = await import('../jobs/queues.ts');
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error.problems) console.error(`config error: ${p.variable} ${p.reason}`);
    return process.exit(2);
  }
  if (config.env === 'production')
    cannot('the demo business is for development machines only (NODE_ENV=production)');
  const running = readRunningServer(config.dataDir);
  const databaseUrl = config.databaseUrl ?? running?.databaseUrl;
  if (!databaseUrl) {
    cannot(
      'no database: start the platform with `npm start` (it runs the embedded PostgreSQL and creates the demo business itself) or set DATABASE_URL',
    );
  }
  const redisUrl = process.env.REDIS_URL ? config.redisUrl : (running?.redisUrl ?? config.redisUrl);
  if (!(await redisAnswers(redisUrl)))
    cannot(`Redis does not answer at ${redisUrl}: start the platform with \`npm start\``);
  // Links point at the server people will open, which may differ from this shell's PUBLIC_URL.
  const publicUrl = process.env.PUBLIC_URL || process.env.PORT ? config.http.publicUrl : running?.publicUrl;
  if (publicUrl) config = { ...config, http: { ...config.http, publicUrl } };

  await migrateUp(databaseUrl);
  const pool = await createDatabasePool(databaseUrl, { maximumPoolSize: 4 });
  const redis = createRedis(redisUrl, { connectionName: 'seed-demo' });
  const queues = new JobQueues(redis, config.queuePrefix);
  const logger = pino({ level: 'warn' });
  let paypal = paypalFromConfig(config);
  const emulator = paypal ? null : await PayPalFake.start();
  if (emulator) {
    paypal = createPayPalClient({
      clientId: 'emulator-client',
      clientSecret: 'emulator-secret',
      environment: 'sandbox',
      apiBase: emulator.url,
      mode: 'emulator',
    });
  }
  try {
    const demo = await ensureDemoBusiness({
      config,
      pool,
      queues,
      paypal,
      calendar: createCalendarService({ pool, config, queues }),
      twilio: createTwilioClient(config),
      logger,
      log: logger,
    });
    console.log(`Demo business: ${demo.businessName} (${demo.created ? 'created' : 'already live'})`);
    console.log(`  number    ${demo.number}   (npm run call dials it)`);
    console.log(`  sign in   ${demo.signInUrl}`);
    console.log('            (single use, valid 24 hours; run seed:demo again for a new one)');
    console.log('Try it: npm run call');
  } catch (error) {
    cannot((error as Error).message);
  } finally {
    await emulator?.close();
    await queues.close();
    await redis.quit();
    await pool.end();
  }
}

await main();
