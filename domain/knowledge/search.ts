import { searchKnowledge } from '../../db/knowledge.ts';
import type { CommonQueryMethods } from '../../db/pool.ts';
import type { BusinessProfile } from '../../lib/business-profile.ts';
import { notFound } from '../../lib/errors.ts';
import { businessFacts } from '../../voice/agent/business-facts.ts';
import { ANSWER_MIN_SCORE, type KnowledgeHit } from '../../voice/agent/knowledge.ts';
import { loadBusinessProfile } from '../business/profile.ts';
import { businessWordsText, WEAK_LEXEMES } from './question-words.ts';

/**
 * Per-turn retrieval (the receptionist's knowledge port): business facts from the profile,
 * passages of uploaded documents and the owner's answers, ranked together by PostgreSQL full-text
 * search; each hit says where it came from so the turn can cite it.
 */
export async function searchBusinessKnowledge(
  db: CommonQueryMethods,
  business: BusinessProfile,
  query: string,
  limit = 4,
): Promise<KnowledgeHit[]> {
  const rows = await searchKnowledge(db, business.customerId, {
    query: query.slice(0, 500),
    facts: businessFacts(business),
    ignoreLexemes: WEAK_LEXEMES,
    ignoreText: businessWordsText(business),
    limit,
  });
  return rows.map((r): KnowledgeHit => {
    switch (r.kind) {
      case 'owner_answer':
        return {
          text: r.text,
          source: {
            kind: r.kind,
            ref: `answer:${r.source_id}`,
            id: r.source_id,
            title: r.title,
            version: r.version,
          },
          score: r.score,
        };
      case 'document':
        return {
          text: r.text,
          source: {
            kind: r.kind,
            ref: `document:${r.source_id}#${r.passage}`,
            id: r.source_id,
            title: r.title,
            version: null,
          },
          score: r.score,
        };
      default:
        return {
          text: r.text,
          source: {
            kind: r.kind,
            ref: `fact:${r.source_id}`,
            id: r.source_id,
            title: r.title,
            version: null,
          },
          score: r.score,
        };
    }
  });
}

/** What the receptionist would find for a question: the owner tries their knowledge in the portal. */
export async function tryKnowledgeSearch(db: CommonQueryMethods, customerId: string, query: string) {
  const business = await loadBusinessProfile(db, customerId);
  if (!business) throw notFound('Business');
  const hits = await searchBusinessKnowledge(db, business, query, 8);
  return {
    hits: hits.map((h) => ({
      text: h.text,
      kind: h.source.kind,
      ref: h.source.ref,
      title: h.source.title,
      version: h.source.version,
      score: h.score,
      answers: h.score >= ANSWER_MIN_SCORE,
    })),
  };
}
