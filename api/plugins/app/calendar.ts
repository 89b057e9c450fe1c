import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type CalendarModule, createCalendarService } from '../../../domain/calendar/service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Free slots, booking and OAuth connection for Google, Outlook and the built-in calendar. */
    calendar: CalendarModule;
  }
}

/** One calendar module per process, built from config and the pool, shared by routes and voice. */
async function calendarPlugin(app: FastifyInstance) {
  app.decorate(
    'calendar',
    createCalendarService({
      pool: app.db,
      config: app.config,
      queues: app.queues,
      logger: { warn: (fields, message) => app.log.warn(fields, message) },
    }),
  );
}

export default fp(calendarPlugin, { name: 'calendar', dependencies: ['db'] });
