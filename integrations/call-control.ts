import type { CallControl } from '../voice/session/types.ts';
import type { TwilioClient } from './twilio-client.ts';

const escapeXml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

/**
 * Live-call actions through the Twilio REST API. Transfer replaces the call's TwiML with a
 * `<Dial>` to the owner's phone (the media stream ends and Twilio connects the caller); hang-up
 * completes the call.
 */
export function twilioCallControl(client: TwilioClient): CallControl {
  return {
    async transfer(callSid, toNumber) {
      await client
        .calls(callSid)
        .update({ twiml: `<Response><Dial>${escapeXml(toNumber)}</Dial></Response>` });
    },
    async hangup(callSid) {
      await client.calls(callSid).update({ status: 'completed' });
    },
  };
}
