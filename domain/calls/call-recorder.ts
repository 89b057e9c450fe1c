import type { Logger } from 'pino';
import { finishCall } from '../../db/calls.ts';
import { appendTurn } from '../../db/conversation-turns.ts';
import type { DatabasePool } from '../../db/pool.ts';
import type { BusinessProfile } from '../../lib/business-profile.ts';
import type { CallSummary, TurnRecord, TurnWriter } from '../../voice/session/types.ts';

/**
 * Writes each turn to conversation_turns as it completes, in order, off the audio path: `turn()`
 * only appends to a promise chain. A crash loses at most the turn being written.
 */
export class CallRecorder implements TurnWriter {
  private chain: Promise<void> = Promise.resolve();
  private readonly pool: DatabasePool;
  private readonly call: { customerId: string; callId: string; callType: 'phone' | 'demo' };
  private readonly business: BusinessProfile;
  private readonly log: Logger;
  private finished: Promise<void> | null = null;
  written = 0;

  constructor(
    pool: DatabasePool,
    call: { customerId: string; callId: string; callType: 'phone' | 'demo' },
    business: BusinessProfile,
    log: Logger,
  ) {
    this.pool = pool;
    this.call = call;
    this.business = business;
    this.log = log;
  }

  turn(record: TurnRecord): void {
    this.chain = this.chain.then(async () => {
      try {
        await appendTurn(this.pool, {
          customerId: this.call.customerId,
          callId: this.call.callId,
          turnIndex: record.index,
          userUtterance: record.userText,
          userAudio: record.userAudio,
          aiResponse: record.agentText,
          aiAudio: record.agentAudio,
          sttProvider: record.sttProvider,
          ttsProvider: record.ttsProvider,
          llmProvider: record.llmProvider,
          confidence: record.confidence,
          intent: record.intent,
          sentiment: record.sentiment,
          metadata: {
            industry: this.business.industry,
            profession: this.business.profession,
            callType: this.call.callType,
            source: record.source,
          },
          latency: record.latency ? { ...record.latency } : {},
          failovers: record.failovers,
          interrupted: record.interrupted,
          toolCalls: record.toolCalls,
        });
        this.written++;
      } catch (error) {
        this.log.error({ err: error, callId: this.call.callId, turn: record.index }, 'turn write failed');
      }
    });
  }

  /** Waits for queued turns, then completes the CallLog. Only the first call does the work. */
  finish(summary: CallSummary): Promise<void> {
    this.finished ??= this.chain.then(async () => {
      await finishCall(this.pool, this.call.customerId, this.call.callId, {
        outcome: summary.outcome,
        durationMs: summary.durationMs,
        transcript: summary.transcript
          .map((t) => `${t.role === 'caller' ? 'Caller' : 'Agent'}: ${t.text}`)
          .join('\n'),
        appointmentBooked: summary.appointmentBooked,
        callerInfo: summary.callerInfo,
        success: summary.outcome !== 'failed' && summary.transcript.some((t) => t.role === 'caller'),
        providers: summary.providers,
      });
    });
    return this.finished;
  }

  /** Resolves once every queued turn is written (tests). */
  flushed(): Promise<void> {
    return this.chain;
  }
}
