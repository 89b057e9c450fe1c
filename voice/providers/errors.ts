/**
 * The one error type every speech/LLM provider throws. Failover decides from `category` and
 * `retryable` alone, never from a provider's own error classes: any failure moves the turn to the
 * next provider, and a failure that is not retryable (auth, invalid request) also keeps the
 * provider out of the chain until a background probe succeeds.
 */
export type ProviderErrorCategory =
  | 'auth'
  | 'invalid'
  | 'rate_limit'
  | 'connectivity'
  | 'timeout'
  | 'server'
  | 'aborted'
  | 'unknown';

export class ProviderError extends Error {
  readonly provider: string;
  readonly category: ProviderErrorCategory;
  readonly retryable: boolean;
  readonly statusCode: number | undefined;

  constructor(
    provider: string,
    category: ProviderErrorCategory,
    message: string,
    options: { retryable?: boolean; statusCode?: number; cause?: unknown } = {},
  ) {
    super(`${provider}: ${message}`, { cause: options.cause });
    this.name = 'ProviderError';
    this.provider = provider;
    this.category = category;
    this.statusCode = options.statusCode;
    this.retryable = options.retryable ?? !['auth', 'invalid', 'aborted'].includes(category);
  }

  /** Retrying cannot help (auth, invalid): the breaker keeps the provider out until a probe succeeds. */
  get disablesProvider(): boolean {
    return !this.retryable;
  }
}

/** Maps an HTTP status to a category: 4xx are not retryable except 408, 429 and 499. */
export function providerErrorFromStatus(provider: string, status: number, message: string, cause?: unknown) {
  if (status === 401 || status === 403 || status === 402) {
    return new ProviderError(provider, 'auth', message, { statusCode: status, cause });
  }
  if (status === 429)
    return new ProviderError(provider, 'rate_limit', message, { statusCode: status, cause });
  if (status === 408 || status === 499) {
    return new ProviderError(provider, 'timeout', message, { statusCode: status, cause, retryable: true });
  }
  if (status >= 400 && status < 500)
    return new ProviderError(provider, 'invalid', message, { statusCode: status, cause });
  if (status >= 500) return new ProviderError(provider, 'server', message, { statusCode: status, cause });
  return new ProviderError(provider, 'unknown', message, { statusCode: status, cause });
}

/** Thrown by a failover wrapper when every provider in its chain failed; names each one. */
export class AllProvidersFailedError extends ProviderError {
  readonly errors: readonly ProviderError[];
  constructor(role: string, errors: readonly ProviderError[]) {
    super(
      role,
      'unknown',
      `all providers failed: ${errors.map((e) => `${e.provider} (${e.category})`).join(', ') || 'none configured'}`,
      { retryable: false },
    );
    this.errors = errors;
  }
}
