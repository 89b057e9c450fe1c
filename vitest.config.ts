import { defineConfig } from 'vitest/config';
import { scaled } from './tests/helpers/timeouts.ts';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    globalSetup: ['tests/setup/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 4,
    // TEST_TIMEOUT_FACTOR (e.g. 3 on a busy CI machine) stretches every bound at once.
    testTimeout: scaled(30_000),
    hookTimeout: scaled(60_000),
    teardownTimeout: scaled(30_000),
    // expect.poll waits for application state; vitest's own default (1 s) is a fixed timeout in disguise.
    expect: { poll: { timeout: scaled(10_000), interval: 50 } },
    reporters: ['default'],
  },
});
