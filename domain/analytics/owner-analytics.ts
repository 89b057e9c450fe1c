import {
  failoverCounts,
  labelsByDay,
  latencyPercentiles,
  listConversationTurns,
  outcomeCounts,
} from '../../db/analytics.ts';
import { onboardingStepRows } from '../../db/analytics-events.ts';
import type { CommonQueryMethods } from '../../db/pool.ts';
import { badRequest } from '../../lib/errors.ts';
import { decodeCursor, encodeCursor } from '../../lib/keyset-cursor.ts';
import { rangeBound } from '../../lib/time-range.ts';
import { conversionRate, funnel, seriesByLabel, utcDays } from './funnel.ts';
import { type FilterInput, toFilters } from './schemas.ts';

const DAY_MS = 86_400_000;

/** The analytics dashboard over [from, to) (default: the last 30 days, at most 366). */
export async function analyticsDashboard(
  db: CommonQueryMethods,
  customerId: string,
  range: { from?: string | undefined; to?: string | undefined },
  nowMs = Date.now(),
) {
  const to = rangeBound(range.to, 'to', 'UTC') ?? nowMs;
  const from = rangeBound(range.from, 'from', 'UTC') ?? to - 30 * DAY_MS;
  if (from >= to) throw badRequest('from: must be before to');
  if (to - from > 366 * DAY_MS) throw badRequest('from: the range may span at most 366 days');
  const [steps, outcomes, labels, failovers, latency] = await Promise.all([
    onboardingStepRows(db, customerId, 0, to),
    outcomeCounts(db, customerId, from, to),
    labelsByDay(db, customerId, from, to),
    failoverCounts(db, customerId, from, to),
    latencyPercentiles(db, customerId, from, to),
  ]);
  const days = utcDays(from, to);
  const failoverBy = (role: string) => failovers.find((f) => f.role === role)?.failovers ?? 0;
  return {
    range: { from, to },
    funnel: funnel(
      steps.map((s) => ({
        step: s.step,
        sessions: s.sessions,
        events: s.events,
        durationMs: s.duration_ms,
        errors: s.errors,
        completed: s.completed,
      })),
    ),
    outcomes: [...outcomes],
    conversionRate: conversionRate(outcomes),
    intents: seriesByLabel(labels, 'intent', days),
    sentiment: seriesByLabel(labels, 'sentiment', days),
    failovers: { stt: failoverBy('stt'), tts: failoverBy('tts'), llm: failoverBy('llm') },
    latency: [...latency],
  };
}

/** Conversation turns for retrieval and fine-tuning consumers, newest first, keyset-paged. */
export async function conversationsPage(
  db: CommonQueryMethods,
  customerId: string,
  query: FilterInput & { limit: number; cursor?: string | undefined },
) {
  const { limit, cursor, ...filters } = query;
  const after = cursor ? decodeCursor(cursor) : null;
  if (cursor && !after) throw badRequest('cursor: is not a cursor from this list');
  const rows = await listConversationTurns(db, customerId, toFilters(filters), after, limit);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    turns: page.map((t) => ({
      id: t.id,
      callId: t.call_id,
      turnIndex: t.turn_index,
      createdAt: t.created_at,
      userText: t.user_utterance,
      aiText: t.ai_response,
      intent: t.intent,
      sentiment: t.sentiment,
      confidence: t.confidence,
      callType: t.call_type,
      sttProvider: t.stt_provider,
      ttsProvider: t.tts_provider,
      llmProvider: t.llm_provider,
      industry: t.industry,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor({ atUs: last.created_us, id: last.id }) : null,
  };
}
