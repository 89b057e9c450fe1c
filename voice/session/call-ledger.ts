import type { CallInfo, CallSummary } from './types.ts';

type Role = keyof CallSummary['providers'];

/** How a close reason shows up as the call's outcome in the call log. */
const OUTCOME: Record<string, CallSummary['outcome']> = {
  transferred: 'transferred',
  silence: 'abandoned',
  error: 'failed',
  stt_failed: 'failed',
};

/**
 * What the call log will say about one call, gathered while it runs: who said what, which
 * providers served it, whether it booked, and the caller's name once known.
 */
export class CallLedger {
  private readonly lines: CallSummary['transcript'] = [];
  private readonly providers = { stt: new Set<string>(), tts: new Set<string>(), llm: new Set<string>() };
  private booked = false;
  private callerName: string | null = null;

  said(role: 'caller' | 'agent', text: string): void {
    this.lines.push({ role, text, at: Date.now() });
  }

  used(role: Role, provider: string): void {
    this.providers[role].add(provider);
  }

  toolOutcome(outcome: { appointmentBooked?: boolean; callerName?: string | null }): void {
    if (outcome.appointmentBooked) this.booked = true;
    if (outcome.callerName) this.callerName = outcome.callerName;
  }

  transcript(): CallSummary['transcript'] {
    return [...this.lines];
  }

  summary(reason: string, call: CallInfo): CallSummary {
    return {
      reason,
      outcome: OUTCOME[reason] ?? 'completed',
      durationMs: Date.now() - call.startedAt,
      transcript: this.transcript(),
      appointmentBooked: this.booked,
      callerInfo: { name: this.callerName, phone: call.callerNumber },
      providers: {
        stt: [...this.providers.stt],
        tts: [...this.providers.tts],
        llm: [...this.providers.llm],
      },
    };
  }
}
