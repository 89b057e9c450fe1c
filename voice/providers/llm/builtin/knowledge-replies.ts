import type { BusinessProfile } from '../../../../lib/business-profile.ts';
import { businessFacts } from '../../../agent/business-facts.ts';
import { answerable, type KnowledgeHit, passagesAsHits } from '../../../agent/knowledge.ts';
import type { ConversationContext } from '../types.ts';
import { documentAnswer } from './answers.ts';

interface Reply {
  text: string;
  tool?: { name: string; arguments: Record<string, unknown> };
}

export const NOT_SURE =
  "I'm not sure about that one. I'll pass your question on to the team. I can take a message, or help you book an appointment.";

/** The engine's "I don't know": the fallback line, and the question noted for the owner. */
export function unansweredReply(question: string): Reply {
  return {
    text: NOT_SURE,
    tool: { name: 'note_unanswered_question', arguments: { question, reason: 'fallback' } },
  };
}

/** A rule answer from the business profile, cited as the fact it states (or noted if not on file). */
export function factReply(reply: Reply, key: string, business: BusinessProfile, question: string): Reply {
  if (!businessFacts(business).some((f) => f.key === key)) {
    return { text: reply.text, tool: unansweredReply(question).tool };
  }
  return { ...reply, tool: { name: 'cite_source', arguments: { ref: `fact:${key}`, certain: true } } };
}

export async function knowledgeFor(context: ConversationContext, question: string): Promise<KnowledgeHit[]> {
  if (context.searchKnowledge) return context.searchKnowledge(question).catch(() => []);
  return passagesAsHits(await context.searchDocuments(question).catch(() => [] as string[]));
}

const QUESTION =
  /\?\s*$|^\s*(what|when|where|who|whom|which|why|how|do|does|did|is|are|was|were|can|could|will|would|should|have|has|may)\b|\b(wondering|tell me|know if|i need to know)\b/i;

/** Whether the caller asked something (a question the owner could answer), not just said something. */
export const looksLikeQuestion = (text: string) => QUESTION.test(text);

/** Answers from the best knowledge hit that covers the question, citing it; otherwise notes it. */
export function knowledgeReply(question: string, hits: readonly KnowledgeHit[]): Reply {
  const best = answerable(hits)[0];
  if (!best && !looksLikeQuestion(question)) return { text: 'How can I help you?' };
  if (!best) return unansweredReply(question);
  const text = best.source.kind === 'document' ? documentAnswer(best.text) : best.text;
  return { text, tool: { name: 'cite_source', arguments: { ref: best.source.ref } } };
}
