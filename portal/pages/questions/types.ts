/** The knowledge API as the portal reads it, derived from the server's zod schemas (types only). */
import type { z } from 'zod';
import type {
  AnswerHistory as AnswerHistorySchema,
  CallerQuestion as CallerQuestionSchema,
  KnowledgeSearchResult,
  OwnerAnswer as OwnerAnswerSchema,
} from '../../../domain/knowledge/schemas.ts';

export type CallerQuestion = z.infer<typeof CallerQuestionSchema>;
export type OwnerAnswer = z.infer<typeof OwnerAnswerSchema>;
export type AnswerHistory = z.infer<typeof AnswerHistorySchema>;
export type KnowledgeHits = z.infer<typeof KnowledgeSearchResult>;
export type QuestionStatus = CallerQuestion['status'];
