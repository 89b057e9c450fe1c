import {
  attachTurn,
  insertQuestion,
  lexemesOf,
  listQuestions,
  lockQuestion,
  lockQuestionGrouping,
  pendingUnansweredTurns,
  type QUESTION_STATUSES,
  type QuestionRow,
  questionsSharing,
  setQuestionStatus,
} from '../../db/caller-questions.ts';
import type { DatabasePool } from '../../db/pool.ts';
import { notFound } from '../../lib/errors.ts';
import { loadBusinessProfile } from '../business/profile.ts';
import { businessWordsText, contentWords, overlap, sameQuestion } from './question-words.ts';

/** How many pending turns one grouping pass takes (the rest wait for the next read). */
const GROUPING_BATCH = 500;

/**
 * Puts the customer's unanswered turns that are not in a question yet into the question they ask
 * (a new one when none matches). Runs when the owner reads the list, under a per-customer lock,
 * so calls never wait for it and two readers never group the same turn twice.
 */
export async function groupUnansweredTurns(pool: DatabasePool, customerId: string): Promise<number> {
  const business = await loadBusinessProfile(pool, customerId);
  if (!business) return 0;
  const own = await lexemesOf(pool, businessWordsText(business));
  return pool.transaction(async (tx) => {
    await lockQuestionGrouping(tx, customerId);
    const turns = await pendingUnansweredTurns(tx, customerId, GROUPING_BATCH);
    for (const turn of turns) {
      const words = contentWords(turn.lexemes, own);
      const candidates = await questionsSharing(tx, customerId, words);
      const best = candidates
        .map((c) => ({ id: c.id, words: contentWords(c.lexemes, own) }))
        .filter((c) => sameQuestion(words, c.words))
        .sort((a, b) => overlap(words, b.words) - overlap(words, a.words))[0];
      const questionId =
        best?.id ??
        (await insertQuestion(tx, {
          customerId,
          question: turn.user_utterance.trim() || '(no words recognised)',
          lexemes: words,
          askedAt: turn.created_at,
        }));
      await attachTurn(tx, customerId, questionId, { id: turn.id, askedAt: turn.created_at });
    }
    return turns.length;
  });
}

export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

function view(row: QuestionRow) {
  return {
    id: row.id,
    question: row.question,
    status: row.status,
    answerId: row.answer_id,
    asks: row.asks,
    calls: row.calls,
    askedSinceAnswer: row.asked_since_answer,
    firstAskedAt: row.first_asked_at,
    lastAskedAt: row.last_asked_at,
    answeredAt: row.answered_at,
    examples: row.examples,
  };
}
export type CallerQuestionView = ReturnType<typeof view>;

/** "Questions callers asked": open ones first, most asked first, each with example calls. */
export async function listCallerQuestions(
  pool: DatabasePool,
  customerId: string,
  filter: { status?: QuestionStatus; limit: number },
): Promise<CallerQuestionView[]> {
  await groupUnansweredTurns(pool, customerId);
  return (await listQuestions(pool, customerId, filter)).map(view);
}

export async function findCallerQuestion(pool: DatabasePool, customerId: string, id: string) {
  const [row] = await listQuestions(pool, customerId, { id, limit: 1 });
  if (!row) throw notFound('Question');
  return view(row);
}

/** The owner sets a question aside (not worth an answer) or brings it back. */
export async function setCallerQuestionStatus(
  pool: DatabasePool,
  customerId: string,
  id: string,
  status: 'open' | 'dismissed',
) {
  await pool.transaction(async (tx) => {
    const question = await lockQuestion(tx, customerId, id);
    if (!question) throw notFound('Question');
    // Reopening an answered question keeps its answer; only dismissing sets it aside.
    const next = status === 'open' && question.answer_id ? 'answered' : status;
    await setQuestionStatus(tx, customerId, id, { status: next, answerId: question.answer_id });
  });
  return findCallerQuestion(pool, customerId, id);
}
