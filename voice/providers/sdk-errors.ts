import { ProviderError, providerErrorFromStatus } from './errors.ts';

/**
 * Maps the errors the three SDKs throw onto ProviderError. Each SDK puts the HTTP status in a
 * different field (Deepgram `statusCode`, IBM `status`/`code`, OpenAI `status`, a refused
 * WebSocket upgrade only in its message), so the status is looked for in all of them.
 */
export function statusOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as Record<string, unknown>;
  for (const key of ['statusCode', 'status', 'code']) {
    const value = e[key];
    if (typeof value === 'number' && value >= 100 && value < 600) return value;
  }
  const message = typeof e['message'] === 'string' ? (e['message'] as string) : '';
  const match =
    /Unexpected server response: (\d{3})/.exec(message) ??
    /\b(\d{3}) (?:Unauthorized|Forbidden)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

const CONNECTIVITY_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
]);

export function mapSdkError(provider: string, error: unknown, signal?: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (
    signal?.aborted ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'APIUserAbortError'))
  ) {
    return new ProviderError(provider, 'aborted', 'aborted', { cause: error });
  }
  const status = statusOf(error);
  if (status !== undefined) return providerErrorFromStatus(provider, status, message, error);
  const name = error instanceof Error ? error.name : '';
  if (/timeout/i.test(name) || /timed? ?out/i.test(message)) {
    return new ProviderError(provider, 'timeout', message, { cause: error });
  }
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } } | null)?.code ??
    (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (
    (typeof code === 'string' && CONNECTIVITY_CODES.has(code)) ||
    /connect|socket|network|terminated|fetch failed|closed/i.test(message) ||
    name === 'APIConnectionError'
  ) {
    return new ProviderError(provider, 'connectivity', message, { cause: error });
  }
  return new ProviderError(provider, 'unknown', message, { cause: error });
}
