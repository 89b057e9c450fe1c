import { z } from 'zod';
import {
  findCallerQuestion,
  listCallerQuestions,
  setCallerQuestionStatus,
} from '../../domain/knowledge/caller-questions.ts';
import {
  answerCallerQuestion,
  archiveOwnerAnswer,
  createOwnerAnswer,
  listOwnerAnswers,
  ownerAnswerHistory,
  reviseOwnerAnswer,
} from '../../domain/knowledge/owner-answers.ts';
import {
  AnswerHistory,
  AnswerQuestionInput,
  ArchiveAnswerInput,
  CallerQuestion,
  CreateAnswerInput,
  KnowledgeSearchResult,
  OwnerAnswer,
  QuestionStatusInput,
  QuestionsQuery,
  ReviseAnswerInput,
} from '../../domain/knowledge/schemas.ts';
import { tryKnowledgeSearch } from '../../domain/knowledge/search.ts';
import { CustomerParams, ErrorBody, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';

const QuestionParams = CustomerParams.extend({ questionId: z.uuid('must be a question id') });
const AnswerParams = CustomerParams.extend({ answerId: z.uuid('must be an answer id') });

/** "Questions callers asked" and the owner's answers: the business's knowledge beside its documents. */
export default async function knowledgeRoutes(app: ZodApp) {
  app.get(
    '/api/portal/:customerId/questions',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['knowledge'],
        summary:
          'Questions callers asked that the receptionist could not answer, grouped, with counts and example calls',
        params: CustomerParams,
        querystring: QuestionsQuery,
        response: { 200: z.object({ questions: z.array(CallerQuestion) }), ...standardErrors },
      },
    },
    async (request) => ({
      questions: await listCallerQuestions(app.db, request.params.customerId, request.query),
    }),
  );

  app.get(
    '/api/portal/:customerId/questions/:questionId',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['knowledge'],
        summary: 'One caller question with its example calls',
        params: QuestionParams,
        response: { 200: CallerQuestion, ...standardErrors },
      },
    },
    async (request) => findCallerQuestion(app.db, request.params.customerId, request.params.questionId),
  );

  app.post(
    '/api/portal/:customerId/questions/:questionId/answer',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['knowledge'],
        summary: 'Answer a caller question once: the receptionist uses the answer from the next call on',
        params: QuestionParams,
        body: AnswerQuestionInput,
        response: {
          200: z.object({ answer: OwnerAnswer, question: CallerQuestion }),
          409: ErrorBody,
          ...standardErrors,
        },
      },
    },
    async (request) =>
      answerCallerQuestion(app.db, request.params.customerId, request.params.questionId, request.body),
  );

  app.post(
    '/api/portal/:customerId/questions/:questionId/status',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['knowledge'],
        summary: 'Dismiss a caller question, or bring it back',
        params: QuestionParams,
        body: QuestionStatusInput,
        response: { 200: CallerQuestion, ...standardErrors },
      },
    },
    async (request) =>
      setCallerQuestionStatus(
        app.db,
        request.params.customerId,
        request.params.questionId,
        request.body.status,
      ),
  );

  app.get(
    '/api/portal/:customerId/knowledge/answers',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['knowledge'],
        summary: "The owner's answers (current versions)",
        params: CustomerParams,
        querystring: z.object({ status: z.enum(['active', 'archived']).default('active') }),
        response: { 200: z.object({ answers: z.array(OwnerAnswer) }), ...standardErrors },
      },
    },
    async (request) => ({
      answers: await listOwnerAnswers(app.db, request.params.customerId, request.query.status),
    }),
  );

  app.post(
    '/api/portal/:customerId/knowledge/answers',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['knowledge'],
        summary: 'Add an answer the receptionist may use (a question nobody asked yet)',
        params: CustomerParams,
        body: CreateAnswerInput,
        response: { 201: OwnerAnswer, ...standardErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createOwnerAnswer(app.db, request.params.customerId, request.body)),
  );

  app.post(
    '/api/portal/:customerId/knowledge/answers/:answerId',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['knowledge'],
        summary: 'Save a new version of an answer (refused with 409 if it changed since expectedVersion)',
        params: AnswerParams,
        body: ReviseAnswerInput,
        response: { 200: OwnerAnswer, 409: ErrorBody, ...standardErrors },
      },
    },
    async (request) =>
      reviseOwnerAnswer(app.db, request.params.customerId, request.params.answerId, request.body),
  );

  app.post(
    '/api/portal/:customerId/knowledge/answers/:answerId/archive',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['knowledge'],
        summary: 'Stop using an answer (kept with its versions); its questions open again',
        params: AnswerParams,
        body: ArchiveAnswerInput,
        response: { 200: OwnerAnswer, 409: ErrorBody, ...standardErrors },
      },
    },
    async (request) =>
      archiveOwnerAnswer(
        app.db,
        request.params.customerId,
        request.params.answerId,
        request.body.expectedVersion,
      ),
  );

  app.get(
    '/api/portal/:customerId/knowledge/answers/:answerId/versions',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['knowledge'],
        summary: 'Every version of an answer, newest first',
        params: AnswerParams,
        response: { 200: AnswerHistory, ...standardErrors },
      },
    },
    async (request) => ownerAnswerHistory(app.db, request.params.customerId, request.params.answerId),
  );

  app.get(
    '/api/portal/:customerId/knowledge/search',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['knowledge'],
        summary: 'What the receptionist would find for a question: facts, document passages, owner answers',
        params: CustomerParams,
        querystring: z.object({ q: z.string().trim().min(1, 'is required').max(500) }),
        response: { 200: KnowledgeSearchResult, ...standardErrors },
      },
    },
    async (request) => tryKnowledgeSearch(app.db, request.params.customerId, request.query.q),
  );
}
