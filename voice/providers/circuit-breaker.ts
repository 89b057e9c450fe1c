import type { ProviderError } from './errors.ts';

/**
 * One breaker per provider inside a failover chain. A failure opens it: the chain skips the
 * provider, and a background probe (a tiny real request) runs every `recoveryProbeMs` until one
 * succeeds and closes it again. Auth/invalid failures stay open until a probe succeeds, like any
 * other; the difference is that their probes are the only way back (no request traffic is let
 * through in the meantime).
 */
export type Probe = (signal: AbortSignal) => Promise<void>;

export interface CircuitBreakerOptions {
  recoveryProbeMs: number;
  /** How long one probe may take before it counts as failed (default 5 s). */
  probeTimeoutMs?: number;
  probe?: Probe;
  onRecovered?: () => void;
}

export class CircuitBreaker {
  private openSince: number | null = null;
  private lastError: ProviderError | null = null;
  private timer: NodeJS.Timeout | null = null;
  private probing: AbortController | null = null;
  private disposed = false;
  private readonly options: CircuitBreakerOptions;

  constructor(options: CircuitBreakerOptions) {
    this.options = options;
  }

  get available(): boolean {
    return this.openSince === null;
  }

  get error(): ProviderError | null {
    return this.lastError;
  }

  recordFailure(error: ProviderError): void {
    this.lastError = error;
    if (this.openSince !== null) return;
    this.openSince = Date.now();
    this.schedule();
  }

  recordSuccess(): void {
    if (this.openSince === null) return;
    this.close();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.probing?.abort();
  }

  private close(): void {
    this.openSince = null;
    this.lastError = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.options.onRecovered?.();
  }

  private schedule(): void {
    if (this.disposed) return;
    this.timer = setTimeout(() => void this.runProbe(), this.options.recoveryProbeMs);
    // A pending probe must never keep the process alive.
    this.timer.unref();
  }

  private async runProbe(): Promise<void> {
    this.timer = null;
    if (this.disposed || this.openSince === null) return;
    const probe = this.options.probe;
    if (!probe) {
      // Without a probe, a transient failure is simply given another chance after the pause.
      if (!this.lastError?.disablesProvider) this.close();
      else this.schedule();
      return;
    }
    const controller = new AbortController();
    this.probing = controller;
    const deadline = setTimeout(() => controller.abort(), this.options.probeTimeoutMs ?? 5000);
    try {
      await probe(controller.signal);
      if (!controller.signal.aborted && !this.disposed) this.close();
      else this.schedule();
    } catch {
      this.schedule();
    } finally {
      clearTimeout(deadline);
      this.probing = null;
    }
  }
}
