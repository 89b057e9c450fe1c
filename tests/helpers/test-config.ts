import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../../config/config.ts';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

/** A config for in-process tests: fixed secrets, a unique queue prefix, quiet logs. */
export function testConfig(databaseUrl: string, overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    PUBLIC_URL: 'http://receptionist.test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `t${randomBytes(5).toString('hex')}`,
    SESSION_SECRET: 's'.repeat(40),
    ENCRYPTION_KEY: 'ab'.repeat(32),
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    DATA_DIR: '.data/test',
    ...overrides,
  });
}
