import type { Forwarding } from '../lib/types.ts';

/** Where calls go and the dial codes that send them there (shown in onboarding and settings). */
export function ForwardingInstructions({
  twilioNumber,
  forwarding,
}: {
  twilioNumber: string;
  forwarding: Forwarding;
}) {
  return (
    <section class="note forwarding" aria-labelledby="forwarding-title">
      <h2 id="forwarding-title">Your receptionist's number</h2>
      <p class="big-number">{twilioNumber}</p>
      <p>Forward your calls to this number. From your business phone, dial:</p>
      <dl class="codes">
        <dt>Send every call to the receptionist</dt>
        <dd>
          <code>{forwarding.unconditional}</code>
        </dd>
        <dt>Only when you are on another call</dt>
        <dd>
          <code>{forwarding.busy}</code>
        </dd>
        <dt>Only when you do not answer</dt>
        <dd>
          <code>{forwarding.noAnswer}</code>
        </dd>
        <dt>Stop forwarding</dt>
        <dd>
          <code>{forwarding.disable}</code>
        </dd>
      </dl>
    </section>
  );
}
