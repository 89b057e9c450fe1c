import { sql } from 'slonik';
import { z } from 'zod';
import type { CommonQueryMethods } from './pool.ts';

/**
 * A business as the receptionist knows it (customer, onboarding answers, documents, owner
 * answers), copied whole into another database: the synthetic-call generator's sandbox, where
 * calls to "the business's own receptionist" cannot touch the real calendar, outbox or call log.
 */
export const SnapshotCustomer = z.object({
  id: z.uuid(),
  email: z.string(),
  business_name: z.string(),
  industry: z.string().nullable(),
  profession: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  business_info: z.unknown(),
  caller_responses: z.unknown(),
});
export const SnapshotDocument = z.object({
  id: z.uuid(),
  source: z.enum(['business_info', 'caller_responses']),
  filename: z.string(),
  mime_type: z.string(),
  size_bytes: z.number(),
  content: z.string(),
});
export const SnapshotAnswer = z.object({
  id: z.uuid(),
  question: z.string(),
  answer: z.string(),
  phrasings: z.string(),
  version: z.number(),
});

export interface BusinessSnapshot {
  customer: z.infer<typeof SnapshotCustomer>;
  documents: readonly z.infer<typeof SnapshotDocument>[];
  answers: readonly z.infer<typeof SnapshotAnswer>[];
}

export async function readBusinessSnapshot(
  db: CommonQueryMethods,
  customerId: string,
): Promise<BusinessSnapshot | null> {
  const customer = await db.maybeOne(sql.type(SnapshotCustomer)`
    SELECT c.id, c.email, c.business_name, c.industry, c.profession, c.settings, o.business_info, o.caller_responses
    FROM customers c LEFT JOIN onboarding_states o ON o.customer_id = c.id WHERE c.id = ${customerId}`);
  if (!customer) return null;
  const documents = await db.any(sql.type(SnapshotDocument)`
    SELECT id, source, filename, mime_type, size_bytes, content FROM business_documents
    WHERE customer_id = ${customerId} ORDER BY created_at`);
  const answers = await db.any(sql.type(SnapshotAnswer)`
    SELECT id, question, answer, phrasings, version FROM knowledge_answers
    WHERE customer_id = ${customerId} AND status = 'active'`);
  return { customer, documents, answers };
}

/**
 * Writes a snapshot; with a number, as a live business answering on it (the sandbox), without one
 * as a business that is not live. Call inside a transaction.
 */
export async function writeBusinessSnapshot(
  db: CommonQueryMethods,
  snapshot: BusinessSnapshot,
  number: string | null,
): Promise<void> {
  const c = snapshot.customer;
  await db.query(sql.unsafe`
    INSERT INTO customers (id, email, business_name, industry, profession, subscription_plan, status,
      receptionist_live, settings)
    VALUES (${c.id}, ${c.email}, ${c.business_name}, ${c.industry}, ${c.profession}, 'pro', 'active',
      ${number !== null}, ${sql.jsonb(c.settings as never)})`);
  await db.query(sql.unsafe`
    INSERT INTO onboarding_states (customer_id, current_step, progress, completed_steps, business_info,
      caller_responses, live_at)
    VALUES (${c.id}, 7, 100, '{1,2,3,4,5,6,7}', ${sql.jsonb((c.business_info ?? null) as never)},
      ${sql.jsonb((c.caller_responses ?? null) as never)}, ${number ? sql.fragment`now()` : null})`);
  if (number) {
    await db.query(sql.unsafe`
      INSERT INTO phone_numbers (customer_id, e164, status, sms_enabled) VALUES (${c.id}, ${number}, 'active', false)`);
  }
  for (const d of snapshot.documents) {
    await db.query(sql.unsafe`
      INSERT INTO business_documents (id, customer_id, source, filename, mime_type, size_bytes, content)
      VALUES (${d.id}, ${c.id}, ${d.source}, ${d.filename}, ${d.mime_type}, ${d.size_bytes}, ${d.content})`);
  }
  for (const a of snapshot.answers) {
    await db.query(sql.unsafe`
      INSERT INTO knowledge_answers (id, customer_id, question, answer, phrasings, version)
      VALUES (${a.id}, ${c.id}, ${a.question}, ${a.answer}, ${a.phrasings}, ${a.version})`);
  }
}

/** Appointments that are already in the calendar (so some callers meet a taken slot). */
export async function insertBusySlots(
  db: CommonQueryMethods,
  customerId: string,
  slots: readonly { startsAt: Date; endsAt: Date }[],
): Promise<void> {
  for (const s of slots) {
    await db.query(sql.unsafe`
      INSERT INTO appointments (customer_id, service, caller_name, starts_at, ends_at)
      VALUES (${customerId}, 'Existing booking', 'Existing client', ${sql.timestamp(s.startsAt)},
        ${sql.timestamp(s.endsAt)})
      ON CONFLICT DO NOTHING`);
  }
}

export const CopyCallRow = z.object({
  id: z.uuid(),
  started_at: z.number(),
  outcome: z.string(),
  appointment_booked: z.boolean(),
});

export async function listCallsForCopy(db: CommonQueryMethods, customerId: string) {
  return db.any(sql.type(CopyCallRow)`
    SELECT id, started_at, outcome, appointment_booked FROM calls
    WHERE customer_id = ${customerId} ORDER BY started_at, id`);
}

export const CopyTurnRow = z.object({
  turn_index: z.number(),
  created_at: z.number(),
  user_utterance: z.string(),
  ai_response: z.string(),
  user_audio: z.instanceof(Buffer).nullable(),
  ai_audio: z.instanceof(Buffer).nullable(),
  stt_provider: z.string().nullable(),
  tts_provider: z.string().nullable(),
  llm_provider: z.string().nullable(),
  confidence: z.number().nullable(),
  sentiment: z.string().nullable(),
  intent: z.string().nullable(),
  interrupted: z.boolean(),
  tool_calls: z.unknown(),
  failovers: z.unknown(),
  unanswered: z.string().nullable(),
  answer_source: z.record(z.string(), z.unknown()).nullable(),
});

export async function listTurnsForCopy(db: CommonQueryMethods, callId: string, withAudio: boolean) {
  const audio = withAudio
    ? sql.fragment`user_audio, ai_audio`
    : sql.fragment`NULL::bytea AS user_audio, NULL::bytea AS ai_audio`;
  return db.any(sql.type(CopyTurnRow)`
    SELECT turn_index, created_at, user_utterance, ai_response, ${audio}, stt_provider, tts_provider,
      llm_provider, confidence, sentiment, intent, interrupted, tool_calls, failovers, unanswered, answer_source
    FROM conversation_turns WHERE call_id = ${callId} ORDER BY turn_index`);
}
