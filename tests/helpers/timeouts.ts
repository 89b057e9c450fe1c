/**
 * Timeouts scale with TEST_TIMEOUT_FACTOR (default 1), so a slow or busy CI machine can give every
 * wait more room (`TEST_TIMEOUT_FACTOR=3 npm test`) without editing tests. A timeout only bounds how
 * long a test may wait for a condition; it is never the condition itself.
 */
export const TIMEOUT_FACTOR = (() => {
  const raw = Number(process.env.TEST_TIMEOUT_FACTOR ?? '1');
  return Number.isFinite(raw) && raw > 0 ? raw : 1;
})();

export const scaled = (ms: number): number => Math.round(ms * TIMEOUT_FACTOR);
