import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

export const DOCUMENT_MIME_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
] as const;
export type DocumentMimeType = (typeof DOCUMENT_MIME_TYPES)[number];

/** A document without its (possibly large) extracted text. */
export const DocumentSummaryRow = z.object({
  id: z.uuid(),
  customer_id: z.uuid(),
  source: z.enum(['business_info', 'caller_responses']),
  filename: z.string(),
  mime_type: z.enum(DOCUMENT_MIME_TYPES),
  size_bytes: z.number().int(),
  created_at: z.number(),
});
export type DocumentSummaryRow = z.infer<typeof DocumentSummaryRow>;

export interface NewDocument {
  customerId: string;
  source: DocumentSummaryRow['source'];
  filename: string;
  mimeType: DocumentMimeType;
  sizeBytes: number;
  /** Extracted plain text; the `search` tsvector column is generated from it. */
  content: string;
}

const summaryColumns = sql.fragment`id, customer_id, source, filename, mime_type, size_bytes, created_at`;

export async function insertDocument(db: CommonQueryMethods, doc: NewDocument): Promise<DocumentSummaryRow> {
  return db.one(sql.type(DocumentSummaryRow)`
    INSERT INTO business_documents (customer_id, source, filename, mime_type, size_bytes, content)
    VALUES (${doc.customerId}, ${doc.source}, ${doc.filename}, ${doc.mimeType}, ${doc.sizeBytes}, ${doc.content})
    RETURNING ${summaryColumns}`);
}

export async function listDocuments(
  db: CommonQueryMethods,
  customerId: string,
): Promise<readonly DocumentSummaryRow[]> {
  return db.any(sql.type(DocumentSummaryRow)`
    SELECT ${summaryColumns} FROM business_documents WHERE customer_id = ${customerId}
    ORDER BY created_at, id`);
}

/** Deletes one of the customer's documents; false when it is not theirs or does not exist. */
export async function deleteDocument(
  db: CommonQueryMethods,
  customerId: string,
  id: string,
): Promise<boolean> {
  const result = await db.query(sql.unsafe`
    DELETE FROM business_documents WHERE id = ${id} AND customer_id = ${customerId}`);
  return result.rowCount > 0;
}

export const DocumentHit = z.object({
  id: z.uuid(),
  filename: z.string(),
  snippet: z.string(),
  rank: z.number(),
});
export type DocumentHit = z.infer<typeof DocumentHit>;

/**
 * Full-text search over the customer's documents (what the receptionist answers from): the best
 * passages for a caller's question, ranked, with a short snippet each.
 */
export async function searchDocuments(
  db: CommonQueryMethods,
  customerId: string,
  query: string,
  limit = 3,
): Promise<readonly DocumentHit[]> {
  if (!query.trim()) return [];
  return db.any(sql.type(DocumentHit)`
    WITH q AS (
      -- Any of the question's words may match (a caller's question is not an AND of keywords).
      SELECT to_tsquery('english', replace(plainto_tsquery('english', ${query})::text, ' & ', ' | ')) AS tsq)
    SELECT d.id, d.filename,
           ts_headline('english', d.content, q.tsq, 'MaxWords=40, MinWords=15, MaxFragments=2') AS snippet,
           ts_rank(d.search, q.tsq)::float8 AS rank
    FROM business_documents d, q
    WHERE d.customer_id = ${customerId} AND d.search @@ q.tsq
    ORDER BY rank DESC, d.created_at
    LIMIT ${limit}`);
}
