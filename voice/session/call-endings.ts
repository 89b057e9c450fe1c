import type { BusinessProfile } from '../../lib/business-profile.ts';
import type { CallControl } from './types.ts';

/** What the ending flows need from their session. */
export interface EndingHost {
  business: BusinessProfile;
  callSid: string | null;
  callControl: CallControl | null;
  /** True while a turn or agent audio is in flight. */
  busy(): boolean;
  closed(): boolean;
  say(text: string, options: { interruptible: boolean }): Promise<void>;
  /** Stops whatever the agent is saying or preparing. */
  stopAgent(): void;
  close(reason: string): Promise<void>;
  reportError(error: unknown, where: string): void;
}

export const LINES = {
  noOneAvailable: "I'm sorry, no one is available right now. Can I take a message?",
  demoTransfer: 'In a live call I would now connect you with the team.',
  connecting: 'Connecting you now, please hold.',
  transferFailed: "I'm sorry, I couldn't connect you. Can I take a message instead?",
  stillThere: 'Are you still there?',
  stillThereAgain: 'Sorry, I can’t hear you. Are you still on the line?',
  silenceGoodbye: (business: string) =>
    `I haven't heard anything, so I'll hang up now. Please call ${business} again any time. Goodbye!`,
  maxLength:
    "I'm sorry, we need to wrap up this call now. Please call back if you need anything else. Goodbye!",
} as const;

/** Hands the caller to the owner's phone (Twilio REST `<Dial>`); a browser demo only says so. */
export async function transferCall(host: EndingHost): Promise<void> {
  const owner = host.business.ownerPhone;
  if (!owner) return host.say(LINES.noOneAvailable, { interruptible: true });
  if (!host.callControl || !host.callSid) return host.say(LINES.demoTransfer, { interruptible: true });
  host.stopAgent();
  await host.say(LINES.connecting, { interruptible: false });
  try {
    await host.callControl.transfer(host.callSid, owner);
    await host.close('transferred');
  } catch (error) {
    host.reportError(error, 'transfer');
    await host.say(LINES.transferFailed, { interruptible: true });
  }
}

/** A quiet spell: reprompt, or after the last reprompt say goodbye and hang up. */
export async function onCallerSilence(host: EndingHost, nth: number, final: boolean): Promise<void> {
  if (host.closed() || host.busy()) return;
  if (final) return endCallWithGoodbye(host, 'silence');
  await host.say(nth === 1 ? LINES.stillThere : LINES.stillThereAgain, { interruptible: true });
}

/** A polite, uninterruptible goodbye, then hang up. */
export async function endCallWithGoodbye(
  host: EndingHost,
  reason: 'silence' | 'max_duration',
): Promise<void> {
  if (host.closed()) return;
  host.stopAgent();
  const line = reason === 'silence' ? LINES.silenceGoodbye(host.business.businessName) : LINES.maxLength;
  await host.say(line, { interruptible: false });
  await host.close(reason);
}
