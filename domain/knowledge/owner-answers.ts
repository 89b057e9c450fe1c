import {
  lockQuestion,
  questionPhrasings,
  reopenQuestionsAnsweredBy,
  setQuestionStatus,
} from '../../db/caller-questions.ts';
import {
  type AnswerRow,
  answerVersions,
  findAnswer,
  insertAnswer,
  listAnswers,
  updateAnswer,
} from '../../db/knowledge.ts';
import type { DatabasePool } from '../../db/pool.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { findCallerQuestion } from './caller-questions.ts';

/**
 * The owner's answers: written once, stored and versioned beside the documents, and searched by
 * the receptionist from the next call on (no cache to invalidate: every turn searches).
 */

export function answerView(row: AnswerRow) {
  return {
    id: row.id,
    question: row.question,
    answer: row.answer,
    version: row.version,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
export type OwnerAnswerView = ReturnType<typeof answerView>;

const phrasingsText = (texts: readonly string[], question: string) =>
  texts
    .filter((t) => t.trim().toLowerCase() !== question.trim().toLowerCase())
    .join('\n')
    .slice(0, 5000);

/**
 * Answers a caller question: the answer becomes knowledge (searchable by every way callers asked
 * it) and the question is marked answered. Answering an answered question writes a new version.
 */
export async function answerCallerQuestion(
  pool: DatabasePool,
  customerId: string,
  questionId: string,
  input: { answer: string; question?: string | undefined },
) {
  const answer = await pool.transaction(async (tx) => {
    const question = await lockQuestion(tx, customerId, questionId);
    if (!question) throw notFound('Question');
    const asked = input.question?.trim() || question.question;
    const phrasings = phrasingsText(await questionPhrasings(tx, customerId, questionId), asked);
    const existing = question.answer_id ? await findAnswer(tx, customerId, question.answer_id) : null;
    const row = existing
      ? await updateAnswer(tx, customerId, existing.id, existing.version, {
          question: asked,
          answer: input.answer,
          phrasings,
          status: 'active',
        })
      : await insertAnswer(tx, { customerId, question: asked, answer: input.answer, phrasings });
    if (!row) throw conflict('The answer was changed meanwhile; reload and try again');
    await setQuestionStatus(tx, customerId, questionId, { status: 'answered', answerId: row.id });
    return row;
  });
  return { answer: answerView(answer), question: await findCallerQuestion(pool, customerId, questionId) };
}

/** An answer the owner writes without a caller having asked (an FAQ entry). */
export async function createOwnerAnswer(
  pool: DatabasePool,
  customerId: string,
  input: { question: string; answer: string },
) {
  const row = await pool.transaction((tx) =>
    insertAnswer(tx, { customerId, question: input.question, answer: input.answer, phrasings: '' }),
  );
  return answerView(row);
}

/**
 * A new version of an answer. `expectedVersion` is the version the owner edited: if someone saved
 * another version meanwhile, nothing is written (409) rather than silently overwriting it.
 */
export async function reviseOwnerAnswer(
  pool: DatabasePool,
  customerId: string,
  id: string,
  input: { expectedVersion: number; question?: string | undefined; answer?: string | undefined },
) {
  const row = await pool.transaction(async (tx) => {
    const current = await findAnswer(tx, customerId, id);
    if (!current) throw notFound('Answer');
    const next = await updateAnswer(tx, customerId, id, input.expectedVersion, {
      question: input.question,
      answer: input.answer,
      status: 'active',
    });
    if (!next) {
      throw conflict(`The answer is at version ${current.version} now; reload it and edit that version`, {
        currentVersion: current.version,
      });
    }
    return next;
  });
  return answerView(row);
}

/** Archives an answer (kept with its versions; no longer used); its questions reopen. */
export async function archiveOwnerAnswer(
  pool: DatabasePool,
  customerId: string,
  id: string,
  expectedVersion: number,
) {
  const row = await pool.transaction(async (tx) => {
    const current = await findAnswer(tx, customerId, id);
    if (!current) throw notFound('Answer');
    const next = await updateAnswer(tx, customerId, id, expectedVersion, { status: 'archived' });
    if (!next)
      throw conflict(`The answer is at version ${current.version} now`, { currentVersion: current.version });
    await reopenQuestionsAnsweredBy(tx, customerId, id);
    return next;
  });
  return answerView(row);
}

export async function listOwnerAnswers(
  pool: DatabasePool,
  customerId: string,
  status: 'active' | 'archived',
) {
  return (await listAnswers(pool, customerId, status)).map(answerView);
}

export async function ownerAnswerHistory(pool: DatabasePool, customerId: string, id: string) {
  const current = await findAnswer(pool, customerId, id);
  if (!current) throw notFound('Answer');
  const versions = await answerVersions(pool, customerId, id);
  return {
    answer: answerView(current),
    versions: versions.map((v) => ({
      version: v.version,
      question: v.question,
      answer: v.answer,
      status: v.status,
      createdAt: v.created_at,
    })),
  };
}
