import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

/**
 * "Questions callers asked": unanswered real turns grouped into questions. Turns are marked while
 * the call runs; grouping them happens here, on the owner's side, so the call path never waits.
 */

/** The English lexemes of a text, as PostgreSQL's full-text search sees them. */
export async function lexemesOf(db: CommonQueryMethods, text: string): Promise<string[]> {
  const words = await db.oneFirst(sql.type(z.object({ words: z.array(z.string()) }))`
    SELECT tsvector_to_array(to_tsvector('english', ${text})) AS words`);
  return [...words];
}

export const PendingTurnRow = z.object({
  id: z.uuid(),
  user_utterance: z.string(),
  created_at: z.number(),
  lexemes: z.array(z.string()),
});
export type PendingTurnRow = z.infer<typeof PendingTurnRow>;

/** Unanswered real turns not yet in a question, oldest first (with their lexemes). */
export async function pendingUnansweredTurns(db: CommonQueryMethods, customerId: string, limit: number) {
  return db.any(sql.type(PendingTurnRow)`
    SELECT id, user_utterance, created_at,
      tsvector_to_array(to_tsvector('english', user_utterance)) AS lexemes
    FROM conversation_turns
    WHERE customer_id = ${customerId} AND unanswered IS NOT NULL AND question_id IS NULL AND NOT synthetic
    ORDER BY created_at, id
    LIMIT ${limit}`);
}

/** Serialises grouping per customer for the rest of the transaction. */
export async function lockQuestionGrouping(db: CommonQueryMethods, customerId: string): Promise<void> {
  await db.query(
    sql.unsafe`SELECT pg_advisory_xact_lock(hashtext('caller-questions'), hashtext(${customerId}))`,
  );
}

export const QuestionCandidateRow = z.object({ id: z.uuid(), lexemes: z.array(z.string()) });

/** The customer's questions sharing at least one of `lexemes`. */
export async function questionsSharing(db: CommonQueryMethods, customerId: string, lexemes: string[]) {
  if (lexemes.length === 0) return [];
  return db.any(sql.type(QuestionCandidateRow)`
    SELECT id, lexemes FROM caller_questions
    WHERE customer_id = ${customerId} AND lexemes && ${sql.array(lexemes, 'text')}
    ORDER BY last_asked_at DESC LIMIT 200`);
}

export async function insertQuestion(
  db: CommonQueryMethods,
  q: { customerId: string; question: string; lexemes: string[]; askedAt: number },
): Promise<string> {
  return db.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO caller_questions (customer_id, question, lexemes, first_asked_at, last_asked_at)
    VALUES (${q.customerId}, ${q.question.slice(0, 1000)}, ${sql.array(q.lexemes, 'text')},
      to_timestamp(${q.askedAt / 1000}), to_timestamp(${q.askedAt / 1000}))
    RETURNING id`);
}

/** Puts a turn into a question and moves the question's first/last asked times to include it. */
export async function attachTurn(
  db: CommonQueryMethods,
  customerId: string,
  questionId: string,
  turn: { id: string; askedAt: number },
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE conversation_turns SET question_id = ${questionId}
    WHERE id = ${turn.id} AND customer_id = ${customerId}`);
  await db.query(sql.unsafe`
    UPDATE caller_questions SET
      first_asked_at = least(first_asked_at, to_timestamp(${turn.askedAt / 1000})),
      last_asked_at = greatest(last_asked_at, to_timestamp(${turn.askedAt / 1000}))
    WHERE id = ${questionId} AND customer_id = ${customerId}`);
}

export const QUESTION_STATUSES = ['open', 'answered', 'dismissed'] as const;

const Example = z.object({
  callId: z.uuid(),
  turnIndex: z.number(),
  at: z.number(),
  callerText: z.string(),
  agentText: z.string(),
  reason: z.string().nullable(),
});

export const QuestionRow = z.object({
  id: z.uuid(),
  question: z.string(),
  status: z.enum(QUESTION_STATUSES),
  answer_id: z.uuid().nullable(),
  first_asked_at: z.number(),
  last_asked_at: z.number(),
  answered_at: z.number().nullable(),
  asks: z.coerce.number(),
  calls: z.coerce.number(),
  asked_since_answer: z.coerce.number(),
  examples: z.array(Example),
});
export type QuestionRow = z.infer<typeof QuestionRow>;

/** Questions with how often (and in how many calls) they were asked and their latest examples. */
export async function listQuestions(
  db: CommonQueryMethods,
  customerId: string,
  filter: { status?: (typeof QUESTION_STATUSES)[number]; id?: string; limit: number },
): Promise<readonly QuestionRow[]> {
  const where = [sql.fragment`q.customer_id = ${customerId}`];
  if (filter.status) where.push(sql.fragment`q.status = ${filter.status}`);
  if (filter.id) where.push(sql.fragment`q.id = ${filter.id}`);
  return db.any(sql.type(QuestionRow)`
    SELECT q.id, q.question, q.status, q.answer_id, q.first_asked_at, q.last_asked_at, q.answered_at,
      s.asks, s.calls, s.asked_since_answer, coalesce(e.examples, '[]'::json) AS examples
    FROM caller_questions q
    CROSS JOIN LATERAL (
      SELECT count(*) AS asks, count(DISTINCT t.call_id) AS calls,
        count(*) FILTER (WHERE q.answered_at IS NOT NULL AND t.created_at > q.answered_at) AS asked_since_answer
      FROM conversation_turns t WHERE t.question_id = q.id) s
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('callId', x.call_id, 'turnIndex', x.turn_index,
        'at', (extract(epoch FROM x.created_at) * 1000)::bigint, 'callerText', x.user_utterance,
        'agentText', x.ai_response, 'reason', x.unanswered) ORDER BY x.created_at DESC) AS examples
      FROM (SELECT * FROM conversation_turns t WHERE t.question_id = q.id
            ORDER BY t.created_at DESC LIMIT 3) x) e ON TRUE
    WHERE ${sql.join(where, sql.fragment` AND `)}
    ORDER BY (q.status = 'open') DESC, s.asks DESC, q.last_asked_at DESC
    LIMIT ${filter.limit}`);
}

/** The different ways callers put a question (for the answer's search terms). */
export async function questionPhrasings(db: CommonQueryMethods, customerId: string, questionId: string) {
  return db.anyFirst(sql.type(z.object({ text: z.string() }))`
    SELECT DISTINCT ON (lower(user_utterance)) user_utterance AS text FROM conversation_turns
    WHERE question_id = ${questionId} AND customer_id = ${customerId} AND user_utterance <> ''
    ORDER BY lower(user_utterance) LIMIT 20`);
}

/** Locks the question row; null when it is not this customer's. */
export async function lockQuestion(db: CommonQueryMethods, customerId: string, id: string) {
  return db.maybeOne(sql.type(
    z.object({
      id: z.uuid(),
      question: z.string(),
      status: z.enum(QUESTION_STATUSES),
      answer_id: z.uuid().nullable(),
    }),
  )`SELECT id, question, status, answer_id FROM caller_questions
    WHERE id = ${id} AND customer_id = ${customerId} FOR UPDATE`);
}

export async function setQuestionStatus(
  db: CommonQueryMethods,
  customerId: string,
  id: string,
  change: { status: (typeof QUESTION_STATUSES)[number]; answerId: string | null },
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE caller_questions SET status = ${change.status}, answer_id = ${change.answerId},
      answered_at = CASE WHEN ${change.status} = 'answered' THEN now() ELSE answered_at END
    WHERE id = ${id} AND customer_id = ${customerId}`);
}

/** Questions whose answer was withdrawn are open again. */
export async function reopenQuestionsAnsweredBy(
  db: CommonQueryMethods,
  customerId: string,
  answerId: string,
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE caller_questions SET status = 'open', answer_id = NULL, answered_at = NULL
    WHERE customer_id = ${customerId} AND answer_id = ${answerId}`);
}
