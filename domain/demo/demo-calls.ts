import { countActiveDemos, createCall, findCallById, finishCall, lockCustomerDemos } from '../../db/calls.ts';
import { turnsOfCall } from '../../db/conversation-turns.ts';
import { commitWithOutbox, type OutboxDeps } from '../../jobs/outbox.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { completeStep } from '../onboarding/complete-step.ts';

/** Concurrent demos one customer may run (each holds providers like a real call). */
export const MAX_CONCURRENT_DEMOS = 2;

/** Opens the CallLog of a new demo call, refusing a third concurrent demo with 429. */
export async function openDemoCall(
  deps: Pick<OutboxDeps, 'pool'>,
  customerId: string,
): Promise<{ callId: string }> {
  const call = await deps.pool.transaction(async (tx) => {
    // Serialise a customer's starts so two tabs cannot both slip under the limit.
    await lockCustomerDemos(tx, customerId);
    if ((await countActiveDemos(tx, customerId)) >= MAX_CONCURRENT_DEMOS) {
      throw new AppError(
        429,
        'too_many_demos',
        `At most ${MAX_CONCURRENT_DEMOS} demos can run at once; end one first`,
      );
    }
    return createCall(tx, { customerId, callType: 'demo', callSid: null, fromNumber: null, toNumber: null });
  });
  return { callId: call.id };
}

export interface DemoTranscriptLine {
  role: 'caller' | 'agent';
  text: string;
  at: number;
}

/**
 * Ends a demo: the live session (if this process runs it) closes itself and writes its CallLog;
 * a demo that never connected is closed here as abandoned. A finished demo completes onboarding
 * step 5; a failed one (`completeStep: false`) only frees its slot. Answers the stored transcript.
 */
export async function endDemoCall(
  deps: OutboxDeps,
  customerId: string,
  input: { callId: string; completeStep: boolean; closeLiveSession: (callId: string) => Promise<boolean> },
): Promise<{ callId: string; transcript: DemoTranscriptLine[] }> {
  const call = await findCallById(deps.pool, customerId, input.callId);
  if (call?.call_type !== 'demo') throw notFound('Demo call');
  const closed = await input.closeLiveSession(call.id);
  if (!closed && call.outcome === 'in_progress') {
    await finishCall(deps.pool, customerId, call.id, {
      outcome: 'abandoned',
      durationMs: Date.now() - call.started_at,
      transcript: '',
      appointmentBooked: false,
      callerInfo: {},
      success: false,
      providers: {},
    });
  }
  if (input.completeStep) {
    await commitWithOutbox(deps, (tx, outbox) =>
      completeStep(tx, outbox, customerId, 5, { demoCompleted: true }),
    );
  }
  const turns = await turnsOfCall(deps.pool, customerId, call.id);
  const transcript = turns.flatMap((t) => [
    ...(t.user_utterance ? [{ role: 'caller' as const, text: t.user_utterance, at: t.created_at }] : []),
    ...(t.ai_response ? [{ role: 'agent' as const, text: t.ai_response, at: t.created_at }] : []),
  ]);
  return { callId: call.id, transcript };
}
