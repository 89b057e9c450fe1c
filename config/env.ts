import { z } from 'zod';

/**
 * The configuration contract. This module is the only reader of process.env: everything else
 * receives a typed Config. A bad value stops the process at boot with the variable's name.
 */
const csv = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().min(1)).min(1));

const optionalUrl = z.url().optional();
const optional = z.string().min(1).optional();

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: optionalUrl,
  ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),
  SHUTDOWN_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(15 * 60_000)
    .default(30_000),

  DATABASE_URL: optionalUrl,
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  /** Unset: `receptionist` in production, `receptionist-<hash of DATA_DIR>` elsewhere (see config.ts). */
  QUEUE_PREFIX: z.string().min(1).optional(),

  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  ENCRYPTION_KEYS_PREVIOUS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be comma-separated keys of 64 hex characters')),
    ),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),

  PAYPAL_CLIENT_ID: optional,
  PAYPAL_CLIENT_SECRET: optional,
  PAYPAL_ENV: z.enum(['sandbox', 'live']).default('sandbox'),
  PAYPAL_WEBHOOK_ID: optional,
  PAYPAL_API_BASE: optionalUrl,

  TWILIO_ACCOUNT_SID: z.string().startsWith('AC', 'must start with AC').optional(),
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_API_KEY_SID: optional,
  TWILIO_API_KEY_SECRET: optional,
  TWILIO_TWIML_APP_SID: optional,
  TWILIO_API_BASE: optionalUrl,

  STT_PROVIDERS: csv.default(['local']),
  TTS_PROVIDERS: csv.default(['local']),
  LLM_PROVIDERS: csv.default(['builtin']),

  DEEPGRAM_API_KEY: optional,
  DEEPGRAM_URL: optionalUrl,
  IBM_STT_APIKEY: optional,
  IBM_STT_URL: optionalUrl,
  IBM_TTS_APIKEY: optional,
  IBM_TTS_URL: optionalUrl,
  IBM_IAM_URL: optionalUrl,
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),

  SMTP_URL: optionalUrl,
  EMAIL_FROM: z.string().min(3).default('AI Receptionist <no-reply@receptionist.local>'),
  SUPPORT_EMAIL: z.email().default('support@receptionist.local'),

  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  GOOGLE_API_ROOT: optionalUrl,
  GOOGLE_OAUTH_BASE: optionalUrl,
  MS_CLIENT_ID: optional,
  MS_CLIENT_SECRET: optional,
  MS_TENANT: z.string().min(1).default('common'),
  GRAPH_BASE_URL: optionalUrl,
  MS_LOGIN_BASE: optionalUrl,
});

export type RawEnv = z.infer<typeof EnvSchema>;

/** Every variable the platform reads (docs/configuration.md and .env.example list them all: tested). */
export const ENV_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export class ConfigError extends Error {
  readonly problems: { variable: string; reason: string }[];
  constructor(problems: { variable: string; reason: string }[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.reason}`).join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses an environment (process.env by default); empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined> = process.env): RawEnv {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const value = source[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), reason: issue.message })),
    );
  }
  return result.data;
}

/** Names whose values never reach a log line. */
export const SECRET_VARIABLES = [
  'SESSION_SECRET',
  'ENCRYPTION_KEY',
  'ENCRYPTION_KEYS_PREVIOUS',
  'ADMIN_TOKEN',
  'PAYPAL_CLIENT_SECRET',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_API_KEY_SECRET',
  'DEEPGRAM_API_KEY',
  'IBM_STT_APIKEY',
  'IBM_TTS_APIKEY',
  'OPENAI_API_KEY',
  'GOOGLE_CLIENT_SECRET',
  'MS_CLIENT_SECRET',
] as const;
