import { Counter, type Registry } from 'prom-client';
import { CircuitBreaker, type Probe } from './circuit-breaker.ts';
import { ProviderError } from './errors.ts';
import type { ProviderRole, SwitchEvent } from './switch-event.ts';

export type { ProviderRole, SwitchEvent } from './switch-event.ts';

export interface FailoverOptions {
  /** A child must show its first result (STT: be listening; TTS/LLM: first chunk) within this (default 3000). */
  attemptTimeoutMs?: number;
  /** Pause before a failed child is probed, and between probes (default 30000). */
  recoveryProbeMs?: number;
  /** Called on every switch; the session records it on the turn. */
  onSwitch?: (event: SwitchEvent) => void;
  /** Counts `voice_provider_failovers_total{role,from,to}` when given. */
  registry?: Registry;
}

const FAILOVERS = 'voice_provider_failovers_total';

function failoverCounter(registry: Registry | undefined): Counter<'role' | 'from' | 'to'> | null {
  if (!registry) return null;
  const existing = registry.getSingleMetric(FAILOVERS);
  if (existing) return existing as Counter<'role' | 'from' | 'to'>;
  return new Counter({
    name: FAILOVERS,
    help: 'Speech/LLM provider switches during calls, by role and the providers involved.',
    labelNames: ['role', 'from', 'to'],
    registers: [registry],
  });
}

/** Anything thrown by a child, as a ProviderError attributed to it. */
export function asProviderError(provider: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(provider, 'unknown', message, { cause: error });
}

/**
 * The part every failover wrapper shares: the ordered children, one circuit breaker each, the
 * order to try them in, and the reporting of switches.
 */
export class FailoverChain<P extends { readonly label: string }> {
  readonly role: ProviderRole;
  readonly children: readonly P[];
  readonly attemptTimeoutMs: number;
  private readonly breakers: CircuitBreaker[];
  private readonly onSwitch: FailoverOptions['onSwitch'];
  private readonly counter: Counter<'role' | 'from' | 'to'> | null;

  constructor(
    role: ProviderRole,
    children: readonly P[],
    options: FailoverOptions,
    probe: (child: P) => Probe | undefined,
  ) {
    if (children.length === 0) throw new Error(`failover ${role}: at least one provider is required`);
    this.role = role;
    this.children = children;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 3000;
    this.onSwitch = options.onSwitch;
    this.counter = failoverCounter(options.registry);
    this.breakers = children.map(
      (child) =>
        new CircuitBreaker({ recoveryProbeMs: options.recoveryProbeMs ?? 30_000, probe: probe(child) }),
    );
  }

  get label(): string {
    return this.children.map((c) => c.label).join('>');
  }

  isAvailable(index: number): boolean {
    return this.breakers[index]!.available;
  }

  /**
   * Indices to try, in order: available children first; children held open come last, so a call
   * still gets a chance when every breaker is open at once.
   */
  order(): number[] {
    const all = this.children.map((_, i) => i);
    return [...all.filter((i) => this.isAvailable(i)), ...all.filter((i) => !this.isAvailable(i))];
  }

  succeeded(index: number): void {
    this.breakers[index]!.recordSuccess();
  }

  failed(index: number, error: ProviderError): void {
    // The caller hanging up is not the provider's fault.
    if (error.category === 'aborted') return;
    this.breakers[index]!.recordFailure(error);
  }

  reportSwitch(
    from: number,
    to: number | null,
    error: ProviderError,
    perCall?: (event: SwitchEvent) => void,
  ): void {
    const event: SwitchEvent = {
      role: this.role,
      from: this.children[from]!.label,
      to: to === null ? 'none' : this.children[to]!.label,
      reason: `${error.category}: ${error.message}`,
    };
    this.counter?.inc({ role: event.role, from: event.from, to: event.to });
    this.onSwitch?.(event);
    perCall?.(event);
  }

  dispose(): void {
    for (const breaker of this.breakers) breaker.dispose();
  }
}

/** Resolves with the iterator's next result, or rejects with a timeout ProviderError. */
export async function nextWithin<T>(
  iterator: AsyncIterator<T>,
  timeoutMs: number,
  provider: string,
  what: string,
): Promise<IteratorResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ProviderError(provider, 'timeout', `no ${what} within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([iterator.next(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** An AbortController that also aborts when `parent` does. */
export function childController(parent: AbortSignal): AbortController {
  const controller = new AbortController();
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', () => controller.abort(parent.reason), { once: true });
  return controller;
}
