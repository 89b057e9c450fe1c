import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import {
  CheckExclusionConstraintViolationError,
  CheckIntegrityConstraintViolationError,
  ForeignKeyIntegrityConstraintViolationError,
  UniqueIntegrityConstraintViolationError,
} from 'slonik';
import { AppError } from '../../../lib/errors.ts';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const body = (code: string, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/**
 * One error shape for every failure. Client mistakes keep their words (which field, why);
 * server faults are logged in full and answered with a generic 500 that leaks nothing.
 */
async function errorHandler(app: FastifyInstance) {
  app.setErrorHandler(
    (error: FastifyError & { error?: { code?: string; message?: string } }, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(error)) {
        const details = error.validation.map((issue) => ({
          field: [error.validationContext, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
          message: issue.message,
        }));
        const first = details[0];
        return reply
          .status(400)
          .send(
            body('invalid_request', first ? `${first.field}: ${first.message}` : 'Invalid request', details),
          );
      }
      if (error instanceof AppError) {
        if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
        return reply.status(error.statusCode).send(body(error.code, error.message, error.details));
      }
      if (error.statusCode === 429) {
        return reply.status(429).send(body('rate_limited', error.error?.message ?? 'Too many requests'));
      }
      // Constraint violations that escaped the domain layer are still the client's conflict, not a crash.
      if (error instanceof UniqueIntegrityConstraintViolationError) {
        return reply.status(409).send(body('conflict', 'That already exists'));
      }
      if (error instanceof CheckExclusionConstraintViolationError) {
        return reply.status(409).send(body('conflict', 'That conflicts with an existing record'));
      }
      if (
        error instanceof CheckIntegrityConstraintViolationError ||
        error instanceof ForeignKeyIntegrityConstraintViolationError
      ) {
        return reply.status(422).send(body('constraint_violation', 'The request breaks a data rule'));
      }
      if (isResponseSerializationError(error)) {
        request.log.error({ err: error }, 'response did not match its schema');
        return reply.status(500).send(body('internal', 'Internal server error'));
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        const code =
          status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
        return reply.status(status).send(body(code, error.message));
      }
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send(body('internal', 'Internal server error'));
    },
  );

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send(body('not_found', `Route ${request.method} ${request.url.split('?')[0]} not found`));
  });
}

export default fp(errorHandler, { name: 'error-handler' });
