import type { Config } from '../../config/config.ts';
import { findConnection } from '../../db/calendar-connections.ts';
import { findCustomer } from '../../db/customers.ts';
import { listDocuments } from '../../db/documents.ts';
import { findOnboarding } from '../../db/onboarding.ts';
import type { CommonQueryMethods, DatabasePool, DatabaseTransactionConnection } from '../../db/pool.ts';
import type { TwilioClient } from '../../integrations/twilio-client.ts';
import { dispatchNotifications } from '../../jobs/outbox.ts';
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

/**
 * Runs a step change in one transaction, then hands the outbox rows it wrote to the workers (only
 * after commit, so an email never announces something that rolled back) and answers the new view.
 */
export async function commitStep(
  deps: OnboardingDeps,
  customerId: string,
  work: (tx: DatabaseTransactionConnection) => Promise<string[]>,
): Promise<OnboardingView> {
  const notificationIds = await deps.pool.transaction(work);
  if (notificationIds.length > 0) {
    try {
      await dispatchNotifications(deps.queues, notificationIds);
    } catch (error) {
      // Committed rows are re-enqueued by the outbox sweeper; the step itself succeeded.
      deps.log?.warn({ customerId, err: error }, 'could not enqueue onboarding notifications');
    }
  }
  return loadView(deps.pool, customerId);
}
