/**
 * What the receptionist knows about a business, as retrieved for one caller turn: business facts
 * (hours, services, prices, address), passages of uploaded documents and the owner's own answers.
 * The platform implements the search (PostgreSQL full-text search); the voice core only reads hits.
 */
export type KnowledgeKind = 'business_fact' | 'document' | 'owner_answer';

export interface KnowledgeSource {
  kind: KnowledgeKind;
  /** Stable reference the agent cites: `fact:hours`, `document:<id>#<passage>`, `answer:<id>`. */
  ref: string;
  /** The fact key, document id or owner answer id. */
  id: string;
  /** Human title: "Opening hours", the file name, the owner's question. */
  title: string;
  /** Owner answers are versioned; which version answered. */
  version: number | null;
}

export interface KnowledgeHit {
  /** What can be said to the caller (an owner answer's answer, a passage, a fact). */
  text: string;
  source: KnowledgeSource;
  /** Share (0..1) of the question's content words the hit covers. */
  score: number;
}

/** The source a turn was answered from, as stored with the turn. */
export interface AnswerSource extends KnowledgeSource {
  score: number;
}

export type UnansweredReason = 'fallback' | 'model_unknown' | 'low_confidence';

/** Below this score a hit is not an answer to the question (the caller asked something else). */
export const ANSWER_MIN_SCORE = 0.5;
/** Below this score an answer is given but the owner is asked to confirm it (low confidence). */
export const CONFIDENT_SCORE = 0.75;

/** Passages from a document-only search (no sources known): each counts as a full match. */
export function passagesAsHits(passages: readonly string[]): KnowledgeHit[] {
  return passages.map((text, i) => ({
    text,
    source: {
      kind: 'document',
      ref: `document:${i + 1}`,
      id: String(i + 1),
      title: 'document',
      version: null,
    },
    score: 1,
  }));
}

export const answerable = (hits: readonly KnowledgeHit[]) => hits.filter((h) => h.score >= ANSWER_MIN_SCORE);

/**
 * The per-turn section of a model's system prompt: the knowledge that may answer the caller's
 * last question, each with the ref to cite, or the instruction to say so when nothing does.
 */
export function knowledgePrompt(hits: readonly KnowledgeHit[]): string {
  const usable = answerable(hits).slice(0, 4);
  const rules =
    'When you answer from one of these entries, call cite_source with its ref in the same reply. ' +
    'If neither they nor the business information above answer the caller, do not guess: say you will ' +
    'pass the question on, call note_unanswered_question with the question, and offer to take a message.';
  if (usable.length === 0) {
    return `\n\nKnowledge for the caller's last question: nothing on file matches it.\n${rules}`;
  }
  const lines = usable.map((h) => `[${h.source.ref}] (${label(h.source.kind)}: ${h.source.title}) ${h.text}`);
  return `\n\nKnowledge that may answer the caller's last question:\n${lines.join('\n')}\n${rules}`;
}

function label(kind: KnowledgeKind): string {
  return kind === 'owner_answer' ? "owner's answer" : kind === 'document' ? 'document' : 'business fact';
}
