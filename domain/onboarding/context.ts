import type { Config } from '../../config/config.ts';
import { findConnection } from '../../db/calendar-connections.ts';
import { findCustomer } from '../../db/customers.ts';
import { listDocuments } from '../../db/documents.ts';
import { findOnboarding } from '../../db/onboarding.ts';
import type { CommonQueryMethods, DatabasePool, DatabaseTransactionConnection } from '../../db/pool.ts';
import type { TwilioClient } from '../../integrations/twilio-client.ts';
import { commitWithOutbox, type OutboxWriter } from '../../jobs/outbox.ts';
import type { JobQueues } from '../../jobs/queues.ts';
import { notFound } from '../../lib/errors.ts';
import type { CalendarModule } from '../calendar/service.ts';
import { buildView, type OnboardingView } from './view.ts';

/** What the onboarding workflow needs from the process (the routes pass the app's resources). */
export interface OnboardingDeps {
  pool: DatabasePool;
  queues: JobQueues;
  config: Pick<Config, 'http'>;
  calendar: CalendarModule;
  twilio: TwilioClient | null;
  log?: { warn(fields: Record<string, unknown>, message: string): void };
}

export async function loadView(db: CommonQueryMethods, customerId: string): Promise<OnboardingView> {
  const [state, customer, connection, documents] = await Promise.all([
    findOnboarding(db, customerId),
    findCustomer(db, customerId),
    findConnection(db, customerId),
    listDocuments(db, customerId),
  ]);
  if (!state || !customer) throw notFound('Onboarding');
  return buildView({
    state,
    connection,
    documents,
    live: customer.receptionist_live,
    businessName: customer.business_name,
  });
}

/** Runs a step change in one transaction with its outbox rows, then answers the new view. */
export async function commitStep(
  deps: OnboardingDeps,
  customerId: string,
  work: (tx: DatabaseTransactionConnection, outbox: OutboxWriter) => Promise<void>,
): Promise<OnboardingView> {
  await commitWithOutbox(deps, work);
  return loadView(deps.pool, customerId);
}
