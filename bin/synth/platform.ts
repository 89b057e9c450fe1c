import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from '../../api/app.ts';
import { createMetricsRegistry } from '../../api/plugins/external/metrics.ts';
import { loadConfig } from '../../config/config.ts';
import { createCalendarService } from '../../domain/calendar/service.ts';
import { createVoicePorts } from '../../domain/calls/voice-ports.ts';
import { FakeServer } from '../../fixtures/fake-server/fake-server.ts';
import { installRestCalls } from '../../fixtures/twilio/rest-calls.ts';
import type { SimulatorOptions } from '../../fixtures/twilio/simulator.ts';
import { twilioCallControl } from '../../integrations/call-control.ts';
import { createTwilioClient } from '../../integrations/twilio-client.ts';
import { createRedis } from '../../jobs/connection.ts';
import { JobQueues } from '../../jobs/queues.ts';
import { BuiltinLlm, createVoiceRuntime, type VoiceRuntime } from '../../voice/index.ts';
import { synthProviders } from './providers.ts';
import type { Sandbox } from './sandbox.ts';

const AUTH_TOKEN = 'synth-twilio-auth-token';
const ACCOUNT_SID = 'AC5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e';

export interface SynthPlatform {
  app: FastifyInstance;
  voice: VoiceRuntime;
  sim: SimulatorOptions;
  close(): Promise<void>;
}

/**
 * The real platform (HTTP app, Twilio webhook, media WebSocket, CallSession, the business's own
 * built-in receptionist, calendar module, recorder) over the sandbox database, listening on a
 * loopback port, with Twilio's REST API and the speech providers replaced by fakes.
 */
export async function startSynthPlatform(
  sandbox: Sandbox,
  options: { redisUrl: string; audio: boolean },
): Promise<SynthPlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ar-synth-'));
  const twilioRest = await FakeServer.start('twilio');
  installRestCalls(twilioRest);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    PUBLIC_URL: 'http://synth.receptionist.local',
    DATABASE_URL: sandbox.url,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: `synth${Date.now().toString(36)}`,
    SESSION_SECRET: 's'.repeat(40),
    ENCRYPTION_KEY: 'ab'.repeat(32),
    DATA_DIR: dataDir,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_API_BASE: twilioRest.url,
  });
  const logger = pino({ level: 'silent' });
  const redis = createRedis(config.redisUrl);
  const queues = new JobQueues(redis, config.queuePrefix);
  const metrics = createMetricsRegistry(false);
  const calendar = createCalendarService({ pool: sandbox.pool, config });
  const twilio = createTwilioClient(config);
  const voice = createVoiceRuntime({
    redis,
    keyPrefix: config.queuePrefix,
    ports: createVoicePorts({ pool: sandbox.pool, queues, calendar }),
    providers: synthProviders(new BuiltinLlm(), { audio: options.audio }),
    callControl: twilio ? twilioCallControl(twilio) : null,
    metrics,
    logger,
    sessionOptions: { silenceRepromptMs: 1500, maxSilenceReprompts: 2, maxCallMs: 120_000 },
  });
  const app = await buildApp({ config, logger, pool: sandbox.pool, redis, queues, metrics, voice });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    voice,
    sim: {
      baseUrl,
      publicUrl: config.http.publicUrl,
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      playbackSpeed: 10,
      inputSpeed: 10,
    },
    async close() {
      await app.close();
      await queues.close();
      // Stream tokens and rate-limit keys of this run.
      const keys = await redis.keys(`${config.queuePrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await twilioRest.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
