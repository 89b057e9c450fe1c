import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';

const secrets = { SESSION_SECRET: 'x'.repeat(40), ENCRYPTION_KEY: 'cd'.repeat(32) };
const production = {
  ...secrets,
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db/app',
  PUBLIC_URL: 'https://receptionist.example',
};

describe('QUEUE_PREFIX default', () => {
  it('differs between two checkouts (data directories) on one machine in development', () => {
    const a = loadConfig({ ...secrets, DATA_DIR: '/srv/checkout-a/.data' }).queuePrefix;
    const b = loadConfig({ ...secrets, DATA_DIR: '/srv/checkout-b/.data' }).queuePrefix;
    expect(a).toMatch(/^receptionist-[0-9a-f]{10}$/);
    expect(b).toMatch(/^receptionist-[0-9a-f]{10}$/);
    expect(a).not.toBe(b);
  });

  it('is stable for one data directory, however it is spelled', () => {
    const relative = loadConfig({ ...secrets, DATA_DIR: '.data/test' }).queuePrefix;
    const absolute = loadConfig({ ...secrets, DATA_DIR: resolve('.data/test') }).queuePrefix;
    const again = loadConfig({ ...secrets, DATA_DIR: './.data/test/' }).queuePrefix;
    expect(absolute).toBe(relative);
    expect(again).toBe(relative);
  });

  it('stays `receptionist` in production whatever the data directory, so every instance shares queues', () => {
    expect(loadConfig({ ...production, DATA_DIR: '/a' }).queuePrefix).toBe('receptionist');
    expect(loadConfig({ ...production, DATA_DIR: '/b' }).queuePrefix).toBe('receptionist');
  });

  it('is whatever QUEUE_PREFIX says when set', () => {
    expect(loadConfig({ ...secrets, DATA_DIR: '/a', QUEUE_PREFIX: 'mine' }).queuePrefix).toBe('mine');
    expect(loadConfig({ ...production, QUEUE_PREFIX: 'blue' }).queuePrefix).toBe('blue');
  });
});
