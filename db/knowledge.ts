import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

/**
 * The business's knowledge as the receptionist searches it: owner answers (versioned), passages
 * of uploaded documents (indexed by a trigger on business_documents) and business facts passed in
 * by the caller of the search (they live in the profile, not in a table).
 */

export const KNOWLEDGE_KINDS = ['business_fact', 'document', 'owner_answer'] as const;

export const KnowledgeSearchRow = z.object({
  kind: z.enum(KNOWLEDGE_KINDS),
  source_id: z.string(),
  passage: z.number().nullable(),
  version: z.number().nullable(),
  title: z.string(),
  text: z.string(),
  /** Share of the question's content words the hit contains (0..1). */
  score: z.number(),
  rank: z.number(),
});
export type KnowledgeSearchRow = z.infer<typeof KnowledgeSearchRow>;

export interface KnowledgeQuery {
  query: string;
  /** Business facts to rank beside the stored knowledge. */
  facts: { key: string; title: string; text: string; keywords: string }[];
  /** Lexemes that say nothing about what is asked ("take", "know", …). */
  ignoreLexemes: readonly string[];
  /** Text whose words every question of this business shares (its name, industry, profession). */
  ignoreText: string;
  limit: number;
}

/**
 * The best knowledge for a caller's question. The question's content words (stop words, weak
 * words and the business's own name words removed) are OR-ed into a tsquery; every candidate is
 * scored by how many of those words it contains, then by kind (owner answers first: the owner
 * wrote them for exactly this), then by ts_rank_cd.
 */
export async function searchKnowledge(
  db: CommonQueryMethods,
  customerId: string,
  q: KnowledgeQuery,
): Promise<readonly KnowledgeSearchRow[]> {
  if (!q.query.trim()) return [];
  return db.any(sql.type(KnowledgeSearchRow)`
    WITH w AS (
      SELECT ARRAY(
        SELECT DISTINCT x FROM unnest(tsvector_to_array(to_tsvector('english', ${q.query}))) x
        WHERE x <> ALL(${sql.array([...q.ignoreLexemes], 'text')})
          AND x <> ALL(tsvector_to_array(to_tsvector('english', ${q.ignoreText})))) AS words
    ), q AS (
      SELECT words, CASE WHEN cardinality(words) = 0 THEN NULL
        ELSE array_to_string(ARRAY(SELECT quote_literal(x) FROM unnest(words) x), ' | ')::tsquery END AS tsq
      FROM w
    ), hits AS (
      (SELECT 'owner_answer'::text AS kind, a.id::text AS source_id, NULL::int AS passage, a.version,
         a.question AS title, a.answer AS text, a.search
       FROM knowledge_answers a, q
       WHERE a.customer_id = ${customerId} AND a.status = 'active' AND a.search @@ q.tsq
       ORDER BY ts_rank(a.search, q.tsq) DESC LIMIT 50)
      UNION ALL
      (SELECT 'document', p.document_id::text, p.ordinal, NULL, d.filename, p.content, p.search
       FROM knowledge_passages p JOIN business_documents d ON d.id = p.document_id, q
       WHERE p.customer_id = ${customerId} AND p.search @@ q.tsq
       ORDER BY ts_rank(p.search, q.tsq) DESC LIMIT 50)
      UNION ALL
      SELECT 'business_fact', f.key, NULL, NULL, f.title, f.text, f.search
      FROM (SELECT f.*, to_tsvector('english', f.text || ' ' || f.keywords) AS search
            FROM jsonb_to_recordset(${sql.jsonb(q.facts)}) AS f(key text, title text, text text, keywords text)) f, q
      WHERE f.search @@ q.tsq
    )
    SELECT h.kind, h.source_id, h.passage, h.version, h.title, h.text,
      (SELECT count(*) FROM unnest(q.words) x WHERE x = ANY(tsvector_to_array(h.search)))::float8
        / cardinality(q.words) AS score,
      ts_rank_cd(h.search, q.tsq)::float8 AS rank
    FROM hits h, q
    ORDER BY score DESC, CASE h.kind WHEN 'owner_answer' THEN 0 WHEN 'business_fact' THEN 1 ELSE 2 END,
      rank DESC
    LIMIT ${q.limit}`);
}

export const AnswerRow = z.object({
  id: z.uuid(),
  customer_id: z.uuid(),
  question: z.string(),
  answer: z.string(),
  phrasings: z.string(),
  version: z.number(),
  status: z.enum(['active', 'archived']),
  created_at: z.number(),
  updated_at: z.number(),
});
export type AnswerRow = z.infer<typeof AnswerRow>;

const ANSWER_COLUMNS = sql.fragment`id, customer_id, question, answer, phrasings, version, status, created_at, updated_at`;

async function recordVersion(db: CommonQueryMethods, row: AnswerRow): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO knowledge_answer_versions (answer_id, customer_id, version, question, answer, status)
    VALUES (${row.id}, ${row.customer_id}, ${row.version}, ${row.question}, ${row.answer}, ${row.status})`);
}

/** A new owner answer (version 1), its first version recorded; call inside a transaction. */
export async function insertAnswer(
  db: CommonQueryMethods,
  a: { customerId: string; question: string; answer: string; phrasings: string },
): Promise<AnswerRow> {
  const row = await db.one(sql.type(AnswerRow)`
    INSERT INTO knowledge_answers (customer_id, question, answer, phrasings)
    VALUES (${a.customerId}, ${a.question}, ${a.answer}, ${a.phrasings})
    RETURNING ${ANSWER_COLUMNS}`);
  await recordVersion(db, row);
  return row;
}

/**
 * Writes the next version of an answer if it is still at `expectedVersion` (optimistic lock);
 * null when it is not this customer's or another edit came first. Call inside a transaction.
 */
export async function updateAnswer(
  db: CommonQueryMethods,
  customerId: string,
  id: string,
  expectedVersion: number,
  change: { question?: string; answer?: string; phrasings?: string; status?: 'active' | 'archived' },
): Promise<AnswerRow | null> {
  const row = await db.maybeOne(sql.type(AnswerRow)`
    UPDATE knowledge_answers SET
      question = coalesce(${change.question ?? null}, question),
      answer = coalesce(${change.answer ?? null}, answer),
      phrasings = coalesce(${change.phrasings ?? null}, phrasings),
      status = coalesce(${change.status ?? null}, status),
      version = version + 1, updated_at = now()
    WHERE id = ${id} AND customer_id = ${customerId} AND version = ${expectedVersion}
    RETURNING ${ANSWER_COLUMNS}`);
  if (row) await recordVersion(db, row);
  return row;
}

export async function findAnswer(db: CommonQueryMethods, customerId: string, id: string) {
  return db.maybeOne(sql.type(AnswerRow)`
    SELECT ${ANSWER_COLUMNS} FROM knowledge_answers WHERE id = ${id} AND customer_id = ${customerId}`);
}

export async function listAnswers(
  db: CommonQueryMethods,
  customerId: string,
  status: 'active' | 'archived',
): Promise<readonly AnswerRow[]> {
  return db.any(sql.type(AnswerRow)`
    SELECT ${ANSWER_COLUMNS} FROM knowledge_answers
    WHERE customer_id = ${customerId} AND status = ${status}
    ORDER BY updated_at DESC, id LIMIT 500`);
}

export const AnswerVersionRow = z.object({
  version: z.number(),
  question: z.string(),
  answer: z.string(),
  status: z.enum(['active', 'archived']),
  created_at: z.number(),
});

export async function answerVersions(db: CommonQueryMethods, customerId: string, id: string) {
  return db.any(sql.type(AnswerVersionRow)`
    SELECT version, question, answer, status, created_at FROM knowledge_answer_versions
    WHERE answer_id = ${id} AND customer_id = ${customerId}
    ORDER BY version DESC`);
}
