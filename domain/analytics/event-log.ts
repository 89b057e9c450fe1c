import { recordEvent } from '../../db/analytics-events.ts';
import { appendImportedTurn } from '../../db/conversation-turns.ts';
import type { CommonQueryMethods, DatabasePool } from '../../db/pool.ts';
import { badRequest, notFound } from '../../lib/errors.ts';
import { type AnalyticsEventInput, type ConversationInput, MAX_AUDIO_BYTES } from './event-schemas.ts';

/**
 * The analytics log. The server decides who wrote what (customer, user, time, source): a client
 * can only ever log for its own session's customer.
 */
export function logPortalEvent(db: CommonQueryMethods, customerId: string, event: AnalyticsEventInput) {
  return recordEvent(db, {
    customerId,
    userId: customerId,
    eventType: event.eventType,
    eventData: event.eventData,
    sessionId: event.sessionId ?? null,
    metadata: { ...event.metadata, source: 'portal' },
  });
}

/** A failed onboarding action (validation error, refused upload, provider failure) for the funnel. */
export async function logOnboardingFailure(
  db: CommonQueryMethods,
  customerId: string,
  failure: { step: number; errorCode: string },
): Promise<void> {
  await recordEvent(db, {
    customerId,
    userId: customerId,
    eventType: 'onboarding_step_failed',
    eventData: { step: failure.step, success: false, errorCode: failure.errorCode },
    sessionId: `onboarding:${customerId}`,
    metadata: { source: 'server' },
  });
}

function decodeAudio(field: string, value: string | undefined): Buffer | null {
  if (value === undefined) return null;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length > MAX_AUDIO_BYTES)
    throw badRequest(`${field}: must be at most ${MAX_AUDIO_BYTES} bytes of audio`);
  return bytes.length === 0 ? null : bytes;
}

/**
 * Appends an imported conversation turn to one of the customer's calls, or to a new imported call.
 * Another customer's call id is indistinguishable from one that does not exist (404).
 */
export async function importConversationTurn(
  pool: DatabasePool,
  customerId: string,
  turn: ConversationInput,
) {
  if (!turn.userUtterance.trim() && !turn.aiResponse.trim()) {
    throw badRequest('userUtterance: a turn needs userUtterance or aiResponse');
  }
  const userAudio = decodeAudio('userAudio', turn.userAudio);
  const aiAudio = decodeAudio('aiAudio', turn.aiAudio);
  const saved = await pool.transaction((tx) =>
    appendImportedTurn(tx, customerId, {
      callId: turn.callId,
      callType: turn.callType,
      at: turn.timestamp ? Date.parse(turn.timestamp) : Date.now(),
      userUtterance: turn.userUtterance,
      aiResponse: turn.aiResponse,
      userAudio,
      aiAudio,
      sttProvider: turn.sttProvider ?? null,
      ttsProvider: turn.ttsProvider ?? null,
      llmProvider: turn.llmProvider ?? null,
      confidence: turn.confidence ?? null,
      sentiment: turn.sentiment ?? null,
      intent: turn.intent ?? null,
      toolCalls: turn.toolCalls,
      metadata: turn.metadata,
    }),
  );
  if (!saved) throw notFound('Call');
  return saved;
}
