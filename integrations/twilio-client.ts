import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type { Config } from '../config/config.ts';

export type TwilioClient = ReturnType<typeof twilio>;

/**
 * Sends the SDK's requests to another base URL (an on-site proxy or the test fake) while keeping
 * its real request building and response parsing. Region/edge settings cannot reach loopback.
 */
class RebasedRequestClient extends twilio.RequestClient {
  private readonly base: string;
  constructor(base: string, options?: RequestClient.RequestClientOptions) {
    super(options);
    this.base = base.replace(/\/$/, '');
  }
  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    const url = new URL(options.uri);
    return super.request<TData>({ ...options, uri: this.base + url.pathname + url.search });
  }
}

/** The Twilio REST client, or null when no account is configured (local development). */
export function createTwilioClient(config: Pick<Config, 'twilio'>): TwilioClient | null {
  const { accountSid, authToken, apiBase } = config.twilio;
  if (!accountSid || !authToken) return null;
  return twilio(accountSid, authToken, {
    httpClient: apiBase
      ? new RebasedRequestClient(apiBase, { timeout: 10_000 })
      : new twilio.RequestClient({ timeout: 10_000 }),
  });
}
