import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../voice/providers/errors.ts';
import { mapSdkError, statusOf } from '../../../voice/providers/sdk-errors.ts';

describe('mapSdkError', () => {
  it('finds the status wherever an SDK keeps it', () => {
    expect(statusOf({ statusCode: 401 })).toBe(401); // Deepgram
    expect(statusOf({ status: 429 })).toBe(429); // OpenAI, IBM
    expect(statusOf({ code: 503 })).toBe(503); // IBM (deprecated field)
    expect(statusOf(new Error('Unexpected server response: 403'))).toBe(403); // refused WebSocket upgrade
    expect(statusOf({ code: 'ECONNRESET' })).toBeUndefined();
  });

  it('maps statuses, network failures, timeouts and aborts to categories', () => {
    expect(mapSdkError('p', { status: 401, message: 'no' }).category).toBe('auth');
    expect(mapSdkError('p', { status: 400, message: 'bad' }).category).toBe('invalid');
    expect(mapSdkError('p', { status: 429, message: 'slow' }).category).toBe('rate_limit');
    expect(mapSdkError('p', { status: 502, message: 'gw' }).category).toBe('server');
    expect(
      mapSdkError('p', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).category,
    ).toBe('connectivity');
    expect(
      mapSdkError('p', Object.assign(new Error('Request timed out.'), { name: 'APIConnectionTimeoutError' }))
        .category,
    ).toBe('timeout');
    const controller = new AbortController();
    controller.abort();
    expect(mapSdkError('p', new Error('whatever'), controller.signal).category).toBe('aborted');
  });

  it('keeps ProviderErrors as they are and never marks auth/invalid retryable', () => {
    const original = new ProviderError('x', 'server', 'y');
    expect(mapSdkError('p', original)).toBe(original);
    expect(mapSdkError('p', { status: 403, message: 'no' }).retryable).toBe(false);
    expect(mapSdkError('p', { status: 408, message: 'slow' }).retryable).toBe(true);
  });
});
