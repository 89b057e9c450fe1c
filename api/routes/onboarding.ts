import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  skipCalendar,
  startCalendarOAuth,
  useBuiltinCalendar,
} from '../../domain/onboarding/calendar-step.ts';
import { loadView, type OnboardingDeps } from '../../domain/onboarding/context.ts';
import { MAX_DOCUMENT_BYTES } from '../../domain/onboarding/documents.ts';
import { goLive } from '../../domain/onboarding/go-live.ts';
import {
  confirmReview,
  saveBusinessInfo,
  saveCallerResponses,
  savePhoneConfig,
  skipDemo,
} from '../../domain/onboarding/steps.ts';
import { removeDocument, uploadDocument } from '../../domain/onboarding/uploads.ts';
import { DocumentView, OnboardingView } from '../../domain/onboarding/view.ts';
import { createTwilioClient } from '../../integrations/twilio-client.ts';
import {
  BusinessInfoInput,
  CallerResponses,
  DOCUMENT_SOURCES,
  type DocumentSource,
  OAuthProviderInput,
  PhoneConfigInput,
} from '../../lib/business-schemas.ts';
import { AppError, badRequest } from '../../lib/errors.ts';
import { CustomerParams, ErrorBody, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';
import calendarOAuthRoutes from './calendar-oauth.ts';
import { recordStepFailures } from './onboarding-step-events.ts';

const customer = { access: 'customer' as const };
const viewResponse = {
  200: OnboardingView,
  ...standardErrors,
  409: ErrorBody,
  422: ErrorBody,
  502: ErrorBody,
};

const fileProblem = (status: number, code: string, message: string) =>
  new AppError(status, code, `file: ${message}`, [{ field: 'file', message }]);

/** Reads the multipart form: one `file` part and the `source` field, in either order. */
async function readUpload(request: FastifyRequest) {
  if (!request.isMultipart()) {
    throw fileProblem(415, 'unsupported_media_type', 'send the document as multipart/form-data');
  }
  let source: string | undefined;
  let file: { filename: string; bytes: Buffer } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && !file) file = { filename: part.filename, bytes };
      } else if (part.fieldname === 'source') {
        source = String(part.value);
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw fileProblem(413, 'payload_too_large', `is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`);
    }
    throw error;
  }
  if (!source || !(DOCUMENT_SOURCES as readonly string[]).includes(source)) {
    const message = `must be one of ${DOCUMENT_SOURCES.join(', ')}`;
    throw badRequest(`source: ${message}`, [{ field: 'source', message }]);
  }
  if (!file) throw fileProblem(400, 'invalid_request', 'is required');
  return { source: source as DocumentSource, ...file };
}

/** The seven-step onboarding wizard's API (the portal's wizard is built on exactly these). */
export default async function onboardingRoutes(app: ZodApp) {
  const deps: OnboardingDeps = {
    pool: app.db,
    queues: app.queues,
    config: app.config,
    calendar: app.calendar,
    twilio: createTwilioClient(app.config),
    log: app.log,
  };
  const id = (request: { params: { customerId: string } }) => request.params.customerId;
  const tags = ['onboarding'];
  await app.register(calendarOAuthRoutes, { deps });

  app.addHook('onResponse', recordStepFailures(app));

  app.get(
    '/api/onboarding/:customerId',
    {
      config: customer,
      schema: {
        tags,
        summary: 'Onboarding state and every step’s data',
        params: CustomerParams,
        response: viewResponse,
      },
    },
    async (request) => loadView(app.db, id(request)),
  );

  app.post(
    '/api/onboarding/:customerId/business-info',
    {
      config: customer,
      schema: {
        tags,
        summary: 'Step 1: business information',
        params: CustomerParams,
        body: BusinessInfoInput,
        response: viewResponse,
      },
    },
    async (request) => saveBusinessInfo(deps, id(request), request.body),
  );

  app.post(
    '/api/onboarding/:customerId/phone-config',
    {
      config: customer,
      schema: {
        tags,
        summary: 'Step 2: receptionist number, forwarding codes, SMS',
        params: CustomerParams,
        body: PhoneConfigInput,
        response: { ...viewResponse, 503: ErrorBody },
      },
    },
    async (request) => savePhoneConfig(deps, id(request), request.body),
  );

  app.post(
    '/api/onboarding/:customerId/caller-responses',
    {
      config: customer,
      schema: {
        tags,
        summary: 'Step 3: caller responses',
        params: CustomerParams,
        body: CallerResponses,
        response: viewResponse,
      },
    },
    async (request) => saveCallerResponses(deps, id(request), request.body),
  );

  app.post(
    '/api/onboarding/:customerId/calendar/oauth',
    {
      config: customer,
      schema: {
        tags,
        summary: 'Step 4: consent URL for Google or Outlook',
        params: CustomerParams,
        body: OAuthProviderInput,
        response: { 200: z.object({ url: z.url() }), ...standardErrors },
      },
    },
    async (request) => startCalendarOAuth(deps, id(request), request.body.provider),
  );

  app.post(
    '/api/onboarding/:customerId/calendar/builtin',
    {
      config: customer,
      schema: {
        tags,
        summary: 'Step 4: use the built-in calendar',
        params: CustomerParams,
        response: viewResponse,
      },
    },
    async (request) => useBuiltinCalendar(deps, id(request)),
  );

  app.post(
    '/api/onboarding/:customerId/calendar/skip',
    {
      config: customer,
      schema: { tags, summary: 'Step 4: skip the calendar', params: CustomerParams, response: viewResponse },
    },
    async (request) => skipCalendar(deps, id(request)),
  );

  app.post(
    '/api/onboarding/:customerId/demo/skip',
    {
      config: customer,
      schema: { tags, summary: 'Step 5: skip the demo call', params: CustomerParams, response: viewResponse },
    },
    async (request) => skipDemo(deps, id(request)),
  );

  app.post(
    '/api/onboarding/:customerId/review',
    {
      config: customer,
      schema: { tags, summary: 'Step 6: confirm the review', params: CustomerParams, response: viewResponse },
    },
    async (request) => confirmReview(deps, id(request)),
  );

  app.post(
    '/api/onboarding/:customerId/complete',
    {
      config: customer,
      schema: {
        tags,
        summary: 'Step 7: go live (idempotent)',
        params: CustomerParams,
        response: viewResponse,
      },
    },
    async (request) => goLive(deps, id(request)),
  );

  app.delete(
    '/api/onboarding/:customerId/documents/:documentId',
    {
      config: customer,
      schema: {
        tags,
        summary: 'Delete an uploaded document',
        params: CustomerParams.extend({ documentId: z.uuid('must be a document id') }),
        response: { 204: z.null(), ...standardErrors },
      },
    },
    async (request, reply) => {
      await removeDocument(deps, id(request), request.params.documentId);
      return reply.status(204).send(null);
    },
  );

  // Multipart parsing only where uploads are accepted.
  await app.register(async (uploads: ZodApp) => {
    await uploads.register(multipart, {
      limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 5, parts: 8, fieldSize: 1024 },
    });
    uploads.post(
      '/api/onboarding/:customerId/documents',
      {
        config: { ...customer, rateLimit: { max: 30, timeWindow: '10 minutes' } },
        schema: {
          tags,
          summary: 'Upload a PDF, DOCX or TXT business document (multipart: file, source)',
          consumes: ['multipart/form-data'],
          params: CustomerParams,
          response: {
            201: z.object({ document: DocumentView }),
            ...standardErrors,
            413: ErrorBody,
            415: ErrorBody,
            422: ErrorBody,
          },
        },
      },
      async (request, reply) => {
        const upload = await readUpload(request);
        const document = await uploadDocument(deps, id(request), upload);
        return reply.status(201).send({ document });
      },
    );
  });
}
