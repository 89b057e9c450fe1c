import type { Config } from '../../config/config.ts';
import { createTwilioClient } from '../../integrations/twilio-client.ts';

export interface SmsSender {
  send(sms: { to: string; from: string; body: string }): Promise<{ providerMessageId: string }>;
}

export class SmsSendError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SmsSendError';
    this.permanent = permanent;
  }
}

/** SMS through the Twilio Messages API (TWILIO_API_BASE honoured); null without a Twilio account. */
export function createSmsSender(config: Pick<Config, 'twilio'>): SmsSender | null {
  const client = createTwilioClient(config);
  if (!client) return null;
  return {
    async send({ to, from, body }) {
      try {
        const message = await client.messages.create({ to, from, body });
        return { providerMessageId: message.sid };
      } catch (error) {
        const e = error as Error & { status?: number };
        // 4xx (bad number, unverified sender…) will not get better; 429/5xx/network may.
        const permanent =
          typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.status !== 429;
        throw new SmsSendError(`Twilio ${e.status ?? 'error'}: ${e.message}`, permanent, { cause: error });
      }
    },
  };
}
