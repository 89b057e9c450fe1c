import { createReadStream } from 'node:fs';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { type ExportScope, exportFile, exportStatus, requestExport } from '../../domain/analytics/exports.ts';
import { analyticsDashboard, conversationsPage } from '../../domain/analytics/owner-analytics.ts';
import {
  AnalyticsDashboard,
  ExportStatus,
  FilterFields,
  FilterInput,
  toFilters,
} from '../../domain/analytics/schemas.ts';
import { DateOrDateTime } from '../../lib/time-range.ts';
import { bySession } from '../plugins/app/rate-limit-key.ts';
import { CustomerParams, ErrorBody, ExportParams, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';

/** Analytics dashboard, conversation retrieval and fine-tuning exports (customer and operator). */
export default async function analyticsRoutes(app: ZodApp) {
  const sendExport = async (reply: FastifyReply, scope: ExportScope, exportId: string) => {
    const file = await exportFile(app.db, scope, exportId, app.config.dataDir);
    return reply
      .header('content-type', file.kind === 'zip' ? 'application/zip' : 'application/jsonl')
      .header('content-length', file.size)
      .header('content-disposition', `attachment; filename="${file.name}"`)
      .send(createReadStream(file.path));
  };

  app.get(
    '/api/analytics/:customerId/dashboard',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['analytics'],
        summary: 'Onboarding funnel, call outcomes, intents and sentiment, failovers and latency',
        params: CustomerParams,
        querystring: z.object({ from: DateOrDateTime.optional(), to: DateOrDateTime.optional() }),
        response: { 200: AnalyticsDashboard, ...standardErrors },
      },
    },
    async (request) => analyticsDashboard(app.db, request.params.customerId, request.query),
  );

  app.get(
    '/api/analytics/:customerId/conversations',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['analytics'],
        summary: 'Conversation turns for review and retrieval (RAG), newest first, keyset paginated',
        params: CustomerParams,
        querystring: z.object({
          ...FilterFields,
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(200).optional(),
        }),
        response: {
          200: z.object({
            turns: z.array(
              z.object({
                id: z.uuid(),
                callId: z.uuid(),
                turnIndex: z.number(),
                createdAt: z.number(),
                userText: z.string(),
                aiText: z.string(),
                intent: z.string().nullable(),
                sentiment: z.string().nullable(),
                confidence: z.number().nullable(),
                callType: z.string(),
                sttProvider: z.string().nullable(),
                ttsProvider: z.string().nullable(),
                llmProvider: z.string().nullable(),
                industry: z.string().nullable(),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
          ...standardErrors,
        },
      },
    },
    async (request) => conversationsPage(app.db, request.params.customerId, request.query),
  );

  app.post(
    '/api/analytics/:customerId/export',
    {
      config: { access: 'customer', rateLimit: { max: 10, timeWindow: '1 hour', keyGenerator: bySession } },
      schema: {
        tags: ['analytics'],
        summary: 'Start a fine-tuning export (JSONL, optionally with a zip of per-turn WAV audio)',
        params: CustomerParams,
        body: z.object({
          filters: FilterInput.omit({ industry: true }).default({}),
          includeAudio: z.boolean().default(false),
        }),
        response: { 202: z.object({ exportId: z.uuid() }), ...standardErrors },
      },
    },
    async (request, reply) => {
      const exportId = await requestExport(
        { db: app.db, queues: app.queues },
        { customerId: request.params.customerId },
        { filters: toFilters(request.body.filters), includeAudio: request.body.includeAudio },
      );
      return reply.status(202).send({ exportId });
    },
  );

  app.get(
    '/api/analytics/:customerId/exports/:exportId',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['analytics'],
        summary: "An export's progress and, when done, its download link",
        params: ExportParams,
        response: { 200: ExportStatus, ...standardErrors },
      },
    },
    async (request) => {
      const { customerId, exportId } = request.params;
      return exportStatus(
        app.db,
        { customerId },
        exportId,
        `/api/analytics/${customerId}/exports/${exportId}/download`,
      );
    },
  );

  app.get(
    '/api/analytics/:customerId/exports/:exportId/download',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['analytics'],
        summary: 'Download a finished export',
        params: ExportParams,
        response: { 200: z.any(), ...standardErrors },
      },
    },
    async (request, reply) =>
      sendExport(reply, { customerId: request.params.customerId }, request.params.exportId),
  );

  app.post(
    '/api/admin/exports',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Operators: export conversations across customers (e.g. one industry)',
        body: FilterInput.extend({ includeAudio: z.boolean().default(false) }),
        response: { 202: z.object({ exportId: z.uuid() }), 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      const { includeAudio, ...filters } = request.body;
      const exportId = await requestExport(
        { db: app.db, queues: app.queues },
        { customerId: null },
        { filters: toFilters(filters), includeAudio },
      );
      return reply.status(202).send({ exportId });
    },
  );

  const AdminExportParams = z.object({ exportId: z.uuid('must be an export id') });
  app.get(
    '/api/admin/exports/:exportId',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: "Operators: an export's progress",
        params: AdminExportParams,
        response: { 200: ExportStatus, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) =>
      exportStatus(
        app.db,
        { customerId: null },
        request.params.exportId,
        `/api/admin/exports/${request.params.exportId}/download`,
      ),
  );

  app.get(
    '/api/admin/exports/:exportId/download',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Operators: download a finished export',
        params: AdminExportParams,
        response: { 200: z.any(), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => sendExport(reply, { customerId: null }, request.params.exportId),
  );
}
