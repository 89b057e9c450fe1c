import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  failoverCounts,
  labelsByDay,
  latencyPercentiles,
  listConversationTurns,
  outcomeCounts,
  type TurnFilters,
} from '../../db/analytics.ts';
import { onboardingStepRows } from '../../db/analytics-events.ts';
import { createExport, type ExportRow, findExport } from '../../db/exports.ts';
import { conversionRate, funnel, seriesByLabel, utcDays } from '../../domain/analytics/funnel.ts';
import {
  AnalyticsDashboard,
  ExportParams,
  ExportStatus,
  FilterFields,
  FilterInput,
  toFilters,
} from '../../domain/analytics/schemas.ts';
import { exportConversations } from '../../jobs/definitions/exports/export-conversations.ts';
import { badRequest, notFound } from '../../lib/errors.ts';
import { decodeCursor, encodeCursor } from '../../lib/keyset-cursor.ts';
import { DateOrDateTime, rangeBound } from '../../lib/time-range.ts';
import { bySession } from '../plugins/app/rate-limit-key.ts';
import { CustomerParams, ErrorBody, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';

const DAY_MS = 86_400_000;

function statusOf(row: ExportRow, downloadPath: string) {
  return {
    id: row.id,
    status: row.status,
    progress: row.progress,
    rowCount: row.row_count,
    includeAudio: row.include_audio,
    error: row.status === 'failed' ? 'The export failed; please try again.' : null,
    downloadUrl: row.status === 'done' && row.file_path ? downloadPath : null,
  };
}

/** Analytics dashboard, conversation retrieval and fine-tuning exports (customer and operator). */
export default async function analyticsRoutes(app: ZodApp) {
  const exportsRoot = resolve(app.config.dataDir, 'exports');

  const sendExport = async (reply: FastifyReply, row: ExportRow | null) => {
    if (!row?.file_path || row.status !== 'done') throw notFound('Export');
    const path = resolve(row.file_path);
    // The path comes from our own row, but a file outside the exports folder is never served.
    if (!path.startsWith(exportsRoot + sep)) throw notFound('Export');
    const info = await stat(path).catch(() => null);
    if (!info) throw notFound('Export file');
    const zip = path.endsWith('.zip');
    return reply
      .header('content-type', zip ? 'application/zip' : 'application/jsonl')
      .header('content-length', info.size)
      .header(
        'content-disposition',
        `attachment; filename="conversations-${row.id}.${zip ? 'zip' : 'jsonl'}"`,
      )
      .send(createReadStream(path));
  };

  const enqueue = async (
    customerId: string | null,
    requestedBy: string,
    filters: TurnFilters,
    includeAudio: boolean,
  ) => {
    const row = await createExport(app.db, { customerId, requestedBy, filters, includeAudio });
    await app.queues.enqueue(exportConversations, { exportId: row.id }, { jobId: `export-${row.id}` });
    return row.id;
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
    async (request) => {
      const { customerId } = request.params;
      const to = rangeBound(request.query.to, 'to', 'UTC') ?? Date.now();
      const from = rangeBound(request.query.from, 'from', 'UTC') ?? to - 30 * DAY_MS;
      if (from >= to) throw badRequest('from: must be before to');
      if (to - from > 366 * DAY_MS) throw badRequest('from: the range may span at most 366 days');
      const [steps, outcomes, labels, failovers, latency] = await Promise.all([
        onboardingStepRows(app.db, customerId, 0, to),
        outcomeCounts(app.db, customerId, from, to),
        labelsByDay(app.db, customerId, from, to),
        failoverCounts(app.db, customerId, from, to),
        latencyPercentiles(app.db, customerId, from, to),
      ]);
      const days = utcDays(from, to);
      const failoverBy = (role: string) => failovers.find((f) => f.role === role)?.failovers ?? 0;
      return {
        range: { from, to },
        funnel: funnel(
          steps.map((s) => ({
            step: s.step,
            sessions: s.sessions,
            events: s.events,
            durationMs: s.duration_ms,
            errors: s.errors,
            completed: s.completed,
          })),
        ),
        outcomes: [...outcomes],
        conversionRate: conversionRate(outcomes),
        intents: seriesByLabel(labels, 'intent', days),
        sentiment: seriesByLabel(labels, 'sentiment', days),
        failovers: { stt: failoverBy('stt'), tts: failoverBy('tts'), llm: failoverBy('llm') },
        latency: [...latency],
      };
    },
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
    async (request) => {
      const { customerId } = request.params;
      const { limit, cursor, ...filters } = request.query;
      const after = cursor ? decodeCursor(cursor) : null;
      if (cursor && !after) throw badRequest('cursor: is not a cursor from this list');
      const rows = await listConversationTurns(app.db, customerId, toFilters(filters), after, limit);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        turns: page.map((t) => ({
          id: t.id,
          callId: t.call_id,
          turnIndex: t.turn_index,
          createdAt: t.created_at,
          userText: t.user_utterance,
          aiText: t.ai_response,
          intent: t.intent,
          sentiment: t.sentiment,
          confidence: t.confidence,
          callType: t.call_type,
          sttProvider: t.stt_provider,
          ttsProvider: t.tts_provider,
          llmProvider: t.llm_provider,
          industry: t.industry,
        })),
        nextCursor: rows.length > limit && last ? encodeCursor({ atUs: last.created_us, id: last.id }) : null,
      };
    },
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
      const { customerId } = request.params;
      const exportId = await enqueue(
        customerId,
        `customer:${customerId}`,
        toFilters(request.body.filters),
        request.body.includeAudio,
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
      const row = await findExport(app.db, exportId, customerId);
      if (!row) throw notFound('Export');
      return statusOf(row, `/api/analytics/${customerId}/exports/${exportId}/download`);
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
      sendExport(reply, await findExport(app.db, request.params.exportId, request.params.customerId)),
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
      const exportId = await enqueue(null, 'operator', toFilters(filters), includeAudio);
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
    async (request) => {
      const row = await findExport(app.db, request.params.exportId, null);
      if (!row) throw notFound('Export');
      return statusOf(row, `/api/admin/exports/${row.id}/download`);
    },
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
    async (request, reply) => sendExport(reply, await findExport(app.db, request.params.exportId, null)),
  );
}
