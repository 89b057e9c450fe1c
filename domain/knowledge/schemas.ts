import { z } from 'zod';

/** Request and response schemas of the knowledge routes (the portal derives its types from them). */

const Text = (max: number) =>
  z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

export const QuestionStatusSchema = z.enum(['open', 'answered', 'dismissed']);

export const CallerQuestion = z.object({
  id: z.uuid(),
  question: z.string(),
  status: QuestionStatusSchema,
  answerId: z.uuid().nullable(),
  /** Turns that asked it, and in how many calls. */
  asks: z.number(),
  calls: z.number(),
  /** Asked (and still not answered) after the owner's answer: the answer may need work. */
  askedSinceAnswer: z.number(),
  firstAskedAt: z.number(),
  lastAskedAt: z.number(),
  answeredAt: z.number().nullable(),
  examples: z.array(
    z.object({
      callId: z.uuid(),
      turnIndex: z.number(),
      at: z.number(),
      callerText: z.string(),
      agentText: z.string(),
      reason: z.string().nullable(),
    }),
  ),
});

export const OwnerAnswer = z.object({
  id: z.uuid(),
  question: z.string(),
  answer: z.string(),
  version: z.number(),
  status: z.enum(['active', 'archived']),
  createdAt: z.number(),
  updatedAt: z.number(),
});

export const QuestionsQuery = z.object({
  status: QuestionStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export const AnswerQuestionInput = z.object({ answer: Text(2000), question: Text(500).optional() }).strict();
export const QuestionStatusInput = z.object({ status: z.enum(['open', 'dismissed']) }).strict();
export const CreateAnswerInput = z.object({ question: Text(500), answer: Text(2000) }).strict();
export const ReviseAnswerInput = z
  .object({
    expectedVersion: z.number().int().min(1),
    question: Text(500).optional(),
    answer: Text(2000).optional(),
  })
  .strict()
  .refine((v) => v.question !== undefined || v.answer !== undefined, {
    message: 'change the question or the answer',
    path: ['answer'],
  });
export const ArchiveAnswerInput = z.object({ expectedVersion: z.number().int().min(1) }).strict();

export const AnswerHistory = z.object({
  answer: OwnerAnswer,
  versions: z.array(
    z.object({
      version: z.number(),
      question: z.string(),
      answer: z.string(),
      status: z.enum(['active', 'archived']),
      createdAt: z.number(),
    }),
  ),
});

export const KnowledgeSearchResult = z.object({
  hits: z.array(
    z.object({
      text: z.string(),
      kind: z.enum(['business_fact', 'document', 'owner_answer']),
      ref: z.string(),
      title: z.string(),
      version: z.number().nullable(),
      score: z.number(),
      /** Whether the receptionist would answer with it (score at least the answer threshold). */
      answers: z.boolean(),
    }),
  ),
});
