import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AnswerSource,
  CONFIDENT_SCORE,
  type KnowledgeHit,
  passagesAsHits,
  type UnansweredReason,
} from '../agent/knowledge.ts';
import type { ToolOutcome } from '../agent/tools/tool.ts';
import type { ConversationContext } from '../providers/llm/types.ts';
import type { SessionServices } from './types.ts';

/** Retrieval may not hold a turn up longer than this: past it the turn goes on without knowledge. */
export const KNOWLEDGE_BUDGET_MS = 400;

function search(services: SessionServices, query: string): Promise<KnowledgeHit[]> {
  if (services.searchKnowledge) return services.searchKnowledge(query);
  return services.searchDocuments(query).then(passagesAsHits);
}

async function withinBudget(found: Promise<KnowledgeHit[]>, signal: AbortSignal): Promise<KnowledgeHit[]> {
  const timer = new AbortController();
  const stop = () => timer.abort();
  signal.addEventListener('abort', stop, { once: true });
  try {
    return await Promise.race([
      found.catch(() => []),
      sleep(KNOWLEDGE_BUDGET_MS, [] as KnowledgeHit[], { signal: timer.signal }).catch(() => []),
    ]);
  } finally {
    timer.abort();
    signal.removeEventListener('abort', stop);
  }
}

/**
 * The knowledge for one caller turn, fetched once: the model reads it in its prompt, the built-in
 * engine asks for the same query and gets the same promise. A slow or failing search yields no
 * knowledge rather than dead air.
 */
export function turnKnowledge(services: SessionServices, callerText: string, signal: AbortSignal) {
  const hits: Promise<KnowledgeHit[]> = callerText.trim()
    ? withinBudget(search(services, callerText), signal)
    : Promise.resolve([]);
  const searchKnowledge = (query: string) =>
    query === callerText ? hits : search(services, query).catch(() => [] as KnowledgeHit[]);
  const context: Pick<ConversationContext, 'searchDocuments' | 'searchKnowledge'> = {
    searchKnowledge,
    searchDocuments: async (query) => (await searchKnowledge(query)).map((h) => h.text),
  };
  return { hits, context };
}

/** What a turn's tool outcomes say about its answer, for the stored turn. */
export function answerOf(outcomes: readonly ToolOutcome[]): {
  answerSource: AnswerSource | null;
  unanswered: UnansweredReason | null;
} {
  const answerSource = outcomes.find((o) => o.answerSource)?.answerSource ?? null;
  const noted = outcomes.find((o) => o.unanswered)?.unanswered ?? null;
  const weak = answerSource && answerSource.score < CONFIDENT_SCORE ? 'low_confidence' : null;
  return { answerSource, unanswered: noted ?? weak };
}
