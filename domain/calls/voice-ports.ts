import { searchDocuments } from '../../db/documents.ts';
import type { DatabasePool } from '../../db/pool.ts';
import type { JobQueues } from '../../jobs/queues.ts';
import type { CalendarService } from '../../voice/agent/calendar-port.ts';
import type { VoicePorts } from '../../voice/index.ts';
import { loadBusinessProfile } from '../business/profile.ts';

import { ownerMessages } from '../notifications/owner-messages.ts';
import { CallRecorder } from './call-recorder.ts';

/** The domain's side of every call: business data, documents, calendar, messages and the recorder. */
export function createVoicePorts(deps: {
  pool: DatabasePool;
  queues: JobQueues;
  calendar: CalendarService;
  log?: { warn(fields: Record<string, unknown>, message: string): void };
}): VoicePorts {
  return {
    loadProfile: (customerId) => loadBusinessProfile(deps.pool, customerId),
    searchDocuments: async (customerId, query) =>
      (await searchDocuments(deps.pool, customerId, query)).map((hit) => hit.snippet),
    calendar: deps.calendar,
    messages: ownerMessages({ pool: deps.pool, queues: deps.queues, log: deps.log }),
    recorder: (call, business, log) => new CallRecorder(deps.pool, call, business, log),
  };
}
