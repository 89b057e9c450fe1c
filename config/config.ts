import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { VoiceProviderConfig } from '../voice/providers/registry.ts';
import { ConfigError, parseEnv, type RawEnv } from './env.ts';

export interface Config {
  env: RawEnv['NODE_ENV'];
  role: RawEnv['ROLE'];
  logLevel: RawEnv['LOG_LEVEL'];
  dataDir: string;
  /** publicUrl: base for TwiML, OAuth and links. shutdownGraceMs: how long live calls may finish on SIGTERM. */
  http: { port: number; host: string; publicUrl: string; shutdownGraceMs: number };
  databaseUrl: string | undefined;
  redisUrl: string;
  queuePrefix: string;
  secrets: {
    sessionSecret: string;
    /** The key new secrets at rest are sealed with (lib/sealer.ts). */
    encryptionKey: Buffer;
    /** Keys rotated out: values sealed with them still open until they are sealed again. */
    previousEncryptionKeys: Buffer[];
    adminToken: string | undefined;
  };
  paypal: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    environment: 'sandbox' | 'live';
    webhookId: string | undefined;
    apiBase: string | undefined;
  };
  twilio: {
    accountSid: string | undefined;
    authToken: string | undefined;
    apiKeySid: string | undefined;
    apiKeySecret: string | undefined;
    twimlAppSid: string | undefined;
    apiBase: string | undefined;
  };
  voice: VoiceProviderConfig;
  email: { smtpUrl: string | undefined; from: string; supportEmail: string };
  google: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    apiRoot: string | undefined;
    oauthBase: string | undefined;
  };
  microsoft: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    tenant: string;
    graphBaseUrl: string | undefined;
    loginBase: string | undefined;
  };
}

/**
 * What background jobs may read: where files go, how mail is addressed, and the public URL for
 * links in messages. Jobs get this slice, never the API's whole configuration.
 */
export type JobsConfig = Pick<Config, 'dataDir' | 'email'> & { http: Pick<Config['http'], 'publicUrl'> };

interface DevSecrets {
  sessionSecret: string;
  encryptionKey: string;
}

/**
 * Development machines get their session and encryption secrets generated once into the data
 * directory, so restarts keep sessions and stored OAuth tokens readable. Production must set them.
 */
function devSecrets(dataDir: string): DevSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: DevSecrets = {
    sessionSecret: randomBytes(32).toString('hex'),
    encryptionKey: randomBytes(32).toString('hex'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2));
  chmodSync(file, 0o600);
  return secrets;
}

/**
 * Production keeps one stable prefix (every instance of a deployment shares its queues). Elsewhere
 * two checkouts on one machine must not share queues on a shared Redis, so the prefix is derived
 * from the data directory's absolute path: stable across restarts, different per checkout.
 */
export function defaultQueuePrefix(env: RawEnv['NODE_ENV'], dataDir: string): string {
  if (env === 'production') return 'receptionist';
  return `receptionist-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 10)}`;
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const env = parseEnv(source);
  const dataDir = resolve(env.DATA_DIR);
  if (env.NODE_ENV === 'production') {
    const missing = (['SESSION_SECRET', 'ENCRYPTION_KEY', 'DATABASE_URL', 'PUBLIC_URL'] as const).filter(
      (name) => env[name] === undefined,
    );
    if (missing.length > 0) {
      throw new ConfigError(missing.map((variable) => ({ variable, reason: 'is required in production' })));
    }
  }
  const needsDev = env.SESSION_SECRET === undefined || env.ENCRYPTION_KEY === undefined;
  const dev = needsDev ? devSecrets(dataDir) : undefined;
  const port = env.PORT;
  return {
    env: env.NODE_ENV,
    role: env.ROLE,
    logLevel: env.LOG_LEVEL,
    dataDir,
    http: {
      port,
      host: env.HOST,
      publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
      shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    },
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX ?? defaultQueuePrefix(env.NODE_ENV, dataDir),
    secrets: {
      sessionSecret: env.SESSION_SECRET ?? dev!.sessionSecret,
      encryptionKey: Buffer.from(env.ENCRYPTION_KEY ?? dev!.encryptionKey, 'hex'),
      previousEncryptionKeys: env.ENCRYPTION_KEYS_PREVIOUS.map((hex) => Buffer.from(hex, 'hex')),
      adminToken: env.ADMIN_TOKEN,
    },
    paypal: {
      clientId: env.PAYPAL_CLIENT_ID,
      clientSecret: env.PAYPAL_CLIENT_SECRET,
      environment: env.PAYPAL_ENV,
      webhookId: env.PAYPAL_WEBHOOK_ID,
      apiBase: env.PAYPAL_API_BASE,
    },
    twilio: {
      accountSid: env.TWILIO_ACCOUNT_SID,
      authToken: env.TWILIO_AUTH_TOKEN,
      apiKeySid: env.TWILIO_API_KEY_SID,
      apiKeySecret: env.TWILIO_API_KEY_SECRET,
      twimlAppSid: env.TWILIO_TWIML_APP_SID,
      apiBase: env.TWILIO_API_BASE,
    },
    voice: {
      sttProviders: env.STT_PROVIDERS,
      ttsProviders: env.TTS_PROVIDERS,
      llmProviders: env.LLM_PROVIDERS,
      deepgram: { apiKey: env.DEEPGRAM_API_KEY, url: env.DEEPGRAM_URL },
      ibm: {
        sttApiKey: env.IBM_STT_APIKEY,
        sttUrl: env.IBM_STT_URL,
        ttsApiKey: env.IBM_TTS_APIKEY,
        ttsUrl: env.IBM_TTS_URL,
        iamUrl: env.IBM_IAM_URL,
      },
      openai: { apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL },
    },
    email: { smtpUrl: env.SMTP_URL, from: env.EMAIL_FROM, supportEmail: env.SUPPORT_EMAIL },
    google: {
      clientId: env.GOOGLE_CLIENT_ID,
      clientSecret: env.GOOGLE_CLIENT_SECRET,
      apiRoot: env.GOOGLE_API_ROOT,
      oauthBase: env.GOOGLE_OAUTH_BASE,
    },
    microsoft: {
      clientId: env.MS_CLIENT_ID,
      clientSecret: env.MS_CLIENT_SECRET,
      tenant: env.MS_TENANT,
      graphBaseUrl: env.GRAPH_BASE_URL,
      loginBase: env.MS_LOGIN_BASE,
    },
  };
}

/** A copy safe to log: secrets become "[set]" and URLs lose their credentials. */
export function describeConfig(config: Config): Record<string, unknown> {
  const url = (value: string | undefined) => {
    if (!value) return value;
    try {
      const u = new URL(value);
      if (u.password) u.password = '***';
      return u.toString();
    } catch {
      return '[invalid url]';
    }
  };
  return {
    env: config.env,
    role: config.role,
    publicUrl: config.http.publicUrl,
    database: url(config.databaseUrl) ?? 'embedded',
    redis: url(config.redisUrl),
    adminToken: config.secrets.adminToken ? '[set]' : '[unset]',
    smtp: url(config.email.smtpUrl) ?? 'local catcher',
  };
}
