import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Registry } from 'prom-client';
import { buildApp } from '../../../api/app.ts';
import { SESSION_COOKIE } from '../../../api/plugins/app/access.ts';
import { createMetricsRegistry } from '../../../api/plugins/external/metrics.ts';
import type { Config } from '../../../config/config.ts';
import { type CustomerRow, createCustomer } from '../../../db/customers.ts';
import { setCustomerLive } from '../../../db/onboarding.ts';
import { activateCustomerNumbers, insertPhoneNumber } from '../../../db/phone-numbers.ts';
import { createSession } from '../../../db/sessions.ts';
import { createVoicePorts } from '../../../domain/calls/voice-ports.ts';
import { FakeServer } from '../../../fixtures/fake-server/fake-server.ts';
import { type CallUpdate, installRestCalls } from '../../../fixtures/twilio/rest-calls.ts';
import { placeCall, type SimulatedCall, type SimulatorOptions } from '../../../fixtures/twilio/simulator.ts';
import { twilioCallControl } from '../../../integrations/call-control.ts';
import { createTwilioClient } from '../../../integrations/twilio-client.ts';
import { createRedis } from '../../../jobs/connection.ts';
import { JobQueues } from '../../../jobs/queues.ts';
import type { BusinessProfile } from '../../../lib/business-profile.ts';
import { createVoiceRuntime, type VoiceRuntime } from '../../../voice/index.ts';
import { BuiltinLlm } from '../../../voice/providers/llm/builtin/engine.ts';
import type { LlmProvider } from '../../../voice/providers/llm/types.ts';
import type { SessionOptions } from '../../../voice/session/types.ts';
import { FakeCalendar } from '../../../voice/testing/fake-calendar.ts';
import { FakeStt } from '../../../voice/testing/fake-stt.ts';
import { FakeTts } from '../../../voice/testing/fake-tts.ts';
import { deletePrefix } from '../../helpers/test-app.ts';
import { testConfig } from '../../helpers/test-config.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

export const AUTH_TOKEN = 'test-twilio-auth-token';
export const ACCOUNT_SID = 'AC11111111111111111111111111111111';
/** Tuesday 2026-11-24 10:00 in New York. */
export const NOW = new Date('2026-11-24T15:00:00Z');

export function testProfile(customerId: string, overrides: Partial<BusinessProfile> = {}): BusinessProfile {
  return {
    customerId,
    businessName: 'Bright Smiles Dental',
    industry: 'healthcare',
    profession: 'dentist',
    ownerPhone: '+15550001111',
    ownerEmail: 'owner@example.test',
    timeZone: 'America/New_York',
    address: '12 Main Street, Springfield',
    services: [
      { name: 'Cleaning', durationMin: 30, priceCents: 9000, currency: 'USD' },
      { name: 'Whitening', durationMin: 60, priceCents: 25000, currency: 'USD' },
    ],
    hours: {
      mon: [{ open: '09:00', close: '17:00' }],
      tue: [{ open: '09:00', close: '17:00' }],
      wed: [{ open: '09:00', close: '17:00' }],
      thu: [{ open: '09:00', close: '17:00' }],
      fri: [{ open: '09:00', close: '17:00' }],
      sat: [{ open: '09:00', close: '17:00' }],
    },
    greeting: null,
    instructions: null,
    smsEnabled: true,
    ...overrides,
  };
}

export interface VoiceTestOptions {
  llm?: LlmProvider;
  tts?: FakeTts;
  stt?: FakeStt;
  env?: Record<string, string | undefined>;
  session?: Partial<SessionOptions>;
  playbackSpeed?: number;
  inputSpeed?: number;
}

export interface VoiceTestApp {
  app: FastifyInstance;
  config: Config;
  db: TestDatabase;
  redis: Redis;
  queues: JobQueues;
  metrics: Registry;
  voice: VoiceRuntime;
  stt: FakeStt;
  tts: FakeTts;
  llm: LlmProvider;
  calendar: FakeCalendar;
  twilioRest: FakeServer;
  callUpdates: CallUpdate[];
  baseUrl: string;
  sim: SimulatorOptions;
  profiles: Map<string, BusinessProfile>;
  /** A live business with an active number; its profile is what the session loads. */
  liveBusiness(number: string, overrides?: Partial<BusinessProfile>): Promise<CustomerRow>;
  call(to: string, from?: string): Promise<SimulatedCall>;
  sessionCookie(customerId: string): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

/** The real app listening on port 0, with the voice runtime over in-process fakes. */
export async function buildVoiceTestApp(options: VoiceTestOptions = {}): Promise<VoiceTestApp> {
  const db = await createTestDatabase();
  const twilioRest = await FakeServer.start('twilio');
  const { updates } = installRestCalls(twilioRest);
  const config = testConfig(db.url, {
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_API_BASE: twilioRest.url,
    ...options.env,
  });
  const redis = createRedis(config.redisUrl);
  const queues = new JobQueues(redis, config.queuePrefix);
  const metrics = createMetricsRegistry(false);
  const logger = pino({ level: 'silent' });
  const stt = options.stt ?? new FakeStt({ endpointFrames: 8 });
  const tts = options.tts ?? new FakeTts({ msPerChar: 4 });
  const llm = options.llm ?? new BuiltinLlm();
  const calendar = new FakeCalendar({ timeZone: 'America/New_York' });
  const profiles = new Map<string, BusinessProfile>();
  const twilioClient = createTwilioClient(config);
  const voice = createVoiceRuntime({
    redis,
    keyPrefix: config.queuePrefix,
    ports: {
      ...createVoicePorts({ pool: db.pool, queues, calendar }),
      calendar,
      loadProfile: async (id) => profiles.get(id) ?? null,
    },
    providers: { stt, tts, llm },
    callControl: twilioClient ? twilioCallControl(twilioClient) : null,
    metrics,
    logger,
    sessionOptions: { silenceRepromptMs: 60_000, ...options.session },
    now: () => NOW,
  });
  const app = await buildApp({ config, logger, pool: db.pool, redis, queues, metrics, voice });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const sim: SimulatorOptions = {
    baseUrl,
    publicUrl: config.http.publicUrl,
    authToken: AUTH_TOKEN,
    accountSid: ACCOUNT_SID,
    playbackSpeed: options.playbackSpeed ?? 4,
    inputSpeed: options.inputSpeed ?? 4,
  };
  return {
    app,
    config,
    db,
    redis,
    queues,
    metrics,
    voice,
    stt,
    tts,
    llm,
    calendar,
    twilioRest,
    callUpdates: updates,
    baseUrl,
    sim,
    profiles,
    async liveBusiness(number, overrides = {}) {
      counter++;
      const customer = await createCustomer(db.pool, {
        email: `voice${counter}-${Date.now()}@example.test`,
        businessName: overrides.businessName ?? 'Bright Smiles Dental',
        plan: 'pro',
        status: 'active',
      });
      await insertPhoneNumber(db.pool, {
        customerId: customer.id,
        e164: number,
        twilioSid: null,
        smsEnabled: true,
      });
      await activateCustomerNumbers(db.pool, customer.id);
      await setCustomerLive(db.pool, customer.id);
      profiles.set(customer.id, testProfile(customer.id, { ownerEmail: customer.email, ...overrides }));
      return customer;
    },
    call: (to, from = '+15557654321') => placeCall(sim, { from, to }),
    async sessionCookie(customerId) {
      const session = await createSession(db.pool, customerId);
      return `${SESSION_COOKIE}=${app.signCookie(session.token)}`;
    },
    async close() {
      await app.close();
      await queues.close();
      await deletePrefix(redis, config.queuePrefix);
      await redis.quit();
      await twilioRest.close();
      await db.drop();
    },
  };
}
