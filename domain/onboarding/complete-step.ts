import { recordEvent } from '../../db/analytics-events.ts';
import { findCustomer } from '../../db/customers.ts';
import {
  lockOnboarding,
  type OnboardingRow,
  recordStepCompletion,
  type StepData,
  saveStepData,
} from '../../db/onboarding.ts';
import type { DatabaseTransactionConnection } from '../../db/pool.ts';
import type { OutboxWriter } from '../../jobs/outbox.ts';
import { completionAfter, STEP_NAMES, type Step } from './state-machine.ts';

export interface CompletedStep {
  state: OnboardingRow;
  /** True the first time this step is completed (re-saving an edited step is not a new completion). */
  newlyCompleted: boolean;
}

/** Time on a step is capped so an owner who paused for a week does not swamp the funnel average. */
const STEP_DURATION_CAP_MS = 2 * 60 * 60 * 1000;

/**
 * Saves a step's data and marks the step completed, in the caller's transaction: progress and the
 * current step come from the one progress rule (`completionAfter`), and the SQL trigger guards it.
 * The first completion of steps 1–6 queues the `onboarding_step_completed` email (one per customer
 * and step) and every completion is a funnel event.
 */
export async function completeStep(
  tx: DatabaseTransactionConnection,
  outbox: OutboxWriter,
  customerId: string,
  step: Step,
  data: StepData = {},
): Promise<CompletedStep> {
  const before = await lockOnboarding(tx, customerId);
  if (!before) throw new Error('onboarding state missing for customer');
  await saveStepData(tx, customerId, data);
  const state = await recordStepCompletion(tx, customerId, completionAfter(before, step));
  const newlyCompleted = !before.completed_steps.includes(step);
  await recordEvent(tx, {
    customerId,
    userId: customerId,
    eventType: 'onboarding_step_completed',
    eventData: {
      step,
      success: true,
      duration: Math.min(Date.now() - before.updated_at, STEP_DURATION_CAP_MS),
    },
    sessionId: `onboarding:${customerId}`,
    metadata: { source: 'server', firstTime: newlyCompleted },
  });
  if (newlyCompleted && step < 7) {
    const customer = await findCustomer(tx, customerId);
    if (customer) {
      await outbox.queue({
        customerId,
        channel: 'email',
        template: 'onboarding_step_completed',
        recipient: customer.email,
        payload: {
          businessName: state.business_info?.name ?? customer.business_name,
          step,
          stepName: STEP_NAMES[step],
          progress: state.progress,
        },
        idempotencyKey: `onboarding-step:${customerId}:${step}`,
      });
    }
  }
  return { state, newlyCompleted };
}
