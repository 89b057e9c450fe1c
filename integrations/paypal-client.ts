import {
  ApiError,
  CheckoutPaymentIntent,
  Client,
  Environment,
  type Order,
  OrdersController,
} from '@paypal/paypal-server-sdk';
import axios, { type AxiosAdapter } from 'axios';
import type { Config } from '../config/config.ts';

const LIVE_BASE = 'https://api-m.paypal.com';
const SANDBOX_BASE = 'https://api-m.sandbox.paypal.com';

/** What PayPal said about a capture, reduced to what our checks need. */
export type CaptureOutcome =
  | {
      kind: 'captured';
      captureId: string;
      /** The capture's own status (COMPLETED, PENDING, DECLINED, …). */
      status: string;
      currency: string;
      value: string;
    }
  | { kind: 'declined'; issue: string; message: string }
  | { kind: 'not_found' }
  | { kind: 'already_captured' };

export interface WebhookVerification {
  headers: Record<string, string | string[] | undefined>;
  event: unknown;
  webhookId: string;
}

/** The PayPal operations the purchase flow uses; the real SDK behind it, pointed where config says. */
export interface PayPalGateway {
  /** 'emulator' when the loopback fake from fixtures/paypal stands in for PayPal. */
  readonly mode: 'paypal' | 'emulator';
  /** Public client id for PayPal's browser SDK (null for the emulator). */
  readonly clientId: string | null;
  createOrder(input: {
    currency: string;
    value: string;
    customId: string;
    requestId: string;
  }): Promise<{ orderId: string; approveUrl: string | null }>;
  captureOrder(orderId: string, requestId: string): Promise<CaptureOutcome>;
  /** Reads an order's capture (used when PayPal says it was already captured). */
  getCapture(orderId: string): Promise<CaptureOutcome>;
  verifyWebhookSignature(input: WebhookVerification): Promise<boolean>;
}

export class PayPalUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PayPalUnavailableError';
  }
}

interface PayPalErrorBody {
  name?: string;
  message?: string;
  details?: { issue?: string; description?: string }[];
}

function errorBody(error: ApiError): PayPalErrorBody {
  if (error.result && typeof error.result === 'object') return error.result as PayPalErrorBody;
  try {
    return typeof error.body === 'string' ? (JSON.parse(error.body) as PayPalErrorBody) : {};
  } catch {
    return {};
  }
}

function captureFrom(order: Order): CaptureOutcome {
  const capture = order.purchaseUnits?.[0]?.payments?.captures?.[0];
  if (!capture?.id) return { kind: 'not_found' };
  return {
    kind: 'captured',
    captureId: capture.id,
    status: String(capture.status ?? 'UNKNOWN'),
    currency: capture.amount?.currencyCode ?? '',
    value: capture.amount?.value ?? '',
  };
}

export interface PayPalClientOptions {
  clientId: string;
  clientSecret: string;
  environment: 'sandbox' | 'live';
  /** Another base URL (the emulator or a proxy); the SDK itself only knows PayPal's two hosts. */
  apiBase?: string | undefined;
  mode?: 'paypal' | 'emulator';
  timeoutMs?: number;
}

export function createPayPalClient(options: PayPalClientOptions): PayPalGateway {
  const base = (options.apiBase ?? (options.environment === 'live' ? LIVE_BASE : SANDBOX_BASE)).replace(
    /\/$/,
    '',
  );
  const httpAdapter = axios.getAdapter('http') as AxiosAdapter;
  const client = new Client({
    environment: options.environment === 'live' ? Environment.Production : Environment.Sandbox,
    timeout: options.timeoutMs ?? 10_000,
    clientCredentialsAuthCredentials: {
      oAuthClientId: options.clientId,
      oAuthClientSecret: options.clientSecret,
    },
    // The only verified way to rebase the SDK (see shared sdk-notes §1): rewrite the URL in axios.
    ...(options.apiBase && {
      unstable_httpClientOptions: {
        adapter: ((config) =>
          httpAdapter({
            ...config,
            url: String(config.url).replace(/^https:\/\/api-m\.(sandbox\.)?paypal\.com/, base),
          })) as AxiosAdapter,
      },
    }),
  });
  const orders = new OrdersController(client);

  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new PayPalUnavailableError(`PayPal ${what} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };

  return {
    mode: options.mode ?? 'paypal',
    clientId: options.mode === 'emulator' ? null : options.clientId,

    async createOrder(input) {
      const { result } = await call('create order', () =>
        orders.createOrder({
          paypalRequestId: input.requestId,
          prefer: 'return=representation',
          body: {
            intent: CheckoutPaymentIntent.Capture,
            purchaseUnits: [
              { amount: { currencyCode: input.currency, value: input.value }, customId: input.customId },
            ],
          },
        }),
      ).catch((error: unknown) => {
        if (error instanceof ApiError) {
          throw new PayPalUnavailableError(`PayPal refused the order (${error.statusCode})`, {
            cause: error,
          });
        }
        throw error;
      });
      if (!result.id) throw new PayPalUnavailableError('PayPal returned an order without id');
      const approve = result.links?.find((l) => l.rel === 'approve' || l.rel === 'payer-action');
      return { orderId: result.id, approveUrl: approve?.href ?? null };
    },

    async captureOrder(orderId, requestId) {
      try {
        const { result } = await call('capture', () =>
          orders.captureOrder({ id: orderId, paypalRequestId: requestId, prefer: 'return=representation' }),
        );
        return captureFrom(result);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const body = errorBody(error);
        const issue = body.details?.[0]?.issue ?? body.name ?? 'UNKNOWN';
        if (error.statusCode === 404) return { kind: 'not_found' };
        if (issue === 'ORDER_ALREADY_CAPTURED') return { kind: 'already_captured' };
        if (error.statusCode === 422) {
          return {
            kind: 'declined',
            issue,
            message: body.details?.[0]?.description ?? body.message ?? issue,
          };
        }
        throw new PayPalUnavailableError(`PayPal capture failed (${error.statusCode} ${issue})`, {
          cause: error,
        });
      }
    },

    async getCapture(orderId) {
      try {
        const { result } = await call('get order', () => orders.getOrder({ id: orderId }));
        return captureFrom(result);
      } catch (error) {
        if (error instanceof ApiError && error.statusCode === 404) return { kind: 'not_found' };
        if (error instanceof ApiError) {
          throw new PayPalUnavailableError(`PayPal get order failed (${error.statusCode})`, { cause: error });
        }
        throw error;
      }
    },

    // Not in the SDK: PayPal's verify-webhook-signature API, called with a fresh OAuth token.
    async verifyWebhookSignature({ headers, event, webhookId }) {
      const header = (name: string) => {
        const value = headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const fields = {
        auth_algo: header('paypal-auth-algo'),
        cert_url: header('paypal-cert-url'),
        transmission_id: header('paypal-transmission-id'),
        transmission_sig: header('paypal-transmission-sig'),
        transmission_time: header('paypal-transmission-time'),
      };
      if (Object.values(fields).some((v) => !v)) return false;
      const token = await call('token', () => client.clientCredentialsAuthManager.fetchToken());
      const response = await call('verify webhook', () =>
        fetch(`${base}/v1/notifications/verify-webhook-signature`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token.accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ...fields, webhook_id: webhookId, webhook_event: event }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        }),
      );
      if (!response.ok) {
        throw new PayPalUnavailableError(`PayPal verify-webhook-signature answered ${response.status}`);
      }
      const body = (await response.json()) as { verification_status?: string };
      return body.verification_status === 'SUCCESS';
    },
  };
}

/** The client for the configured PayPal account, or null when no credentials are set. */
export function paypalFromConfig(config: Pick<Config, 'paypal'>): PayPalGateway | null {
  const { clientId, clientSecret, environment, apiBase } = config.paypal;
  if (!clientId || !clientSecret) return null;
  return createPayPalClient({ clientId, clientSecret, environment, apiBase });
}
