import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../voice/providers/circuit-breaker.ts';
import { ProviderError } from '../../../voice/providers/errors.ts';

const serverError = new ProviderError('p', 'server', 'boom');
const authError = new ProviderError('p', 'auth', 'bad key');

describe('CircuitBreaker', () => {
  it('opens on failure and closes when a probe succeeds', async () => {
    let probes = 0;
    let healthy = false;
    const breaker = new CircuitBreaker({
      recoveryProbeMs: 20,
      probe: async () => {
        probes += 1;
        if (!healthy) throw new Error('still down');
      },
    });
    expect(breaker.available).toBe(true);
    breaker.recordFailure(serverError);
    expect(breaker.available).toBe(false);
    await expect.poll(() => probes, { timeout: 2000 }).toBeGreaterThanOrEqual(2);
    expect(breaker.available).toBe(false);
    healthy = true;
    await expect.poll(() => breaker.available, { timeout: 2000 }).toBe(true);
    breaker.dispose();
  });

  it('without a probe, a transient failure gets another chance but auth stays out', async () => {
    const transient = new CircuitBreaker({ recoveryProbeMs: 20 });
    transient.recordFailure(serverError);
    await expect.poll(() => transient.available, { timeout: 2000 }).toBe(true);
    const auth = new CircuitBreaker({ recoveryProbeMs: 20 });
    auth.recordFailure(authError);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(auth.available).toBe(false);
    expect(auth.error?.category).toBe('auth');
    auth.dispose();
  });

  it('reads retryable: any failure marked not retryable stays out until a probe succeeds', async () => {
    const permanent = new CircuitBreaker({ recoveryProbeMs: 20 });
    permanent.recordFailure(new ProviderError('p', 'server', 'model removed', { retryable: false }));
    const retryableInvalid = new CircuitBreaker({ recoveryProbeMs: 20 });
    retryableInvalid.recordFailure(new ProviderError('p', 'invalid', 'odd input', { retryable: true }));
    await expect.poll(() => retryableInvalid.available, { timeout: 2000 }).toBe(true);
    expect(permanent.available).toBe(false);
    permanent.dispose();
  });

  it('a probe that hangs counts as failed after probeTimeoutMs', async () => {
    let probes = 0;
    const breaker = new CircuitBreaker({
      recoveryProbeMs: 10,
      probeTimeoutMs: 30,
      probe: (signal) =>
        new Promise((_, reject) => {
          probes += 1;
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    });
    breaker.recordFailure(serverError);
    await expect.poll(() => probes, { timeout: 2000 }).toBeGreaterThanOrEqual(2);
    expect(breaker.available).toBe(false);
    breaker.dispose();
  });
});
