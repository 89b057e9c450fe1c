import type { Readable } from 'node:stream';
import { importSyntheticConversations, limitBytes } from '../../domain/synthetic/import.ts';
import {
  ImportQuery,
  ImportReportSchema,
  JSONL_CONTENT_TYPES,
  MAX_IMPORT_BYTES,
} from '../../domain/synthetic/schemas.ts';
import { AppError } from '../../lib/errors.ts';
import { bySession } from '../plugins/app/rate-limit-key.ts';
import { CustomerParams, ErrorBody, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';

/**
 * Synthetic conversations in: a JSONL body (OpenAI chat fine-tuning records or ConversationLog
 * turns) streamed straight into the importer, never buffered whole.
 */
export default async function syntheticImportRoutes(app: ZodApp) {
  // In this plugin's scope only: the body stays a stream for the handler to read line by line.
  app.addContentTypeParser(JSONL_CONTENT_TYPES, (_request, payload, done) => done(null, payload));

  app.post(
    '/api/analytics/:customerId/conversations/import',
    {
      config: { access: 'customer', rateLimit: { max: 30, timeWindow: '1 hour', keyGenerator: bySession } },
      schema: {
        tags: ['analytics'],
        summary:
          'Import synthetic conversations (JSONL: OpenAI chat fine-tuning records or ConversationLog turns); all lines or none, idempotent by id',
        description: `Send the file as the body with Content-Type ${JSONL_CONTENT_TYPES[0]}. Every line is validated; one bad line rejects the import (400, details.errors lists lines by number) and nothing is written. Lines imported before (same id) are skipped.`,
        params: CustomerParams,
        querystring: ImportQuery,
        response: { 200: ImportReportSchema, 413: ErrorBody, 415: ErrorBody, ...standardErrors },
      },
    },
    async (request) => {
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!JSONL_CONTENT_TYPES.includes(type)) {
        throw new AppError(415, 'unsupported_media_type', `send the file as ${JSONL_CONTENT_TYPES[0]}`);
      }
      const body = request.body as Readable;
      return importSyntheticConversations(
        app.db,
        request.params.customerId,
        limitBytes(body, MAX_IMPORT_BYTES),
        { format: request.query.format, dryRun: request.query.dryRun === 'true' },
      );
    },
  );
}
