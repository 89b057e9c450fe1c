import twilio from 'twilio';
import type { Config } from '../config/config.ts';

/** `identity` of a browser demo device: the demo token binds it to the customer. */
export const demoIdentity = (customerId: string) => `customer-${customerId}`;

/** The customer whose demo device placed a Twilio call (`client:customer-<id>`), if it is one. */
export const customerOfDemoCaller = (from: string | null | undefined): string | null =>
  from?.startsWith('client:customer-') ? from.slice('client:customer-'.length) : null;

/** Whether the browser demo can go through Twilio Voice SDK (an API key and a TwiML app). */
export function twilioDemoConfigured(twilioConfig: Config['twilio']): boolean {
  const { accountSid, apiKeySid, apiKeySecret, twimlAppSid } = twilioConfig;
  return Boolean(accountSid && apiKeySid && apiKeySecret && twimlAppSid);
}

/** An outgoing-only Voice SDK access token for one customer's demo device. */
export function demoAccessToken(twilioConfig: Config['twilio'], customerId: string, ttlSec: number) {
  const identity = demoIdentity(customerId);
  const token = new twilio.jwt.AccessToken(
    twilioConfig.accountSid!,
    twilioConfig.apiKeySid!,
    twilioConfig.apiKeySecret!,
    { identity, ttl: ttlSec },
  );
  token.addGrant(
    new twilio.jwt.AccessToken.VoiceGrant({
      outgoingApplicationSid: twilioConfig.twimlAppSid!,
      incomingAllow: false,
    }),
  );
  return { token: token.toJwt(), identity };
}
