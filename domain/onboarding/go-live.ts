import { findConnection } from '../../db/calendar-connections.ts';
import { findCustomer } from '../../db/customers.ts';
import {
  lockCustomerLive,
  lockOnboarding,
  markOnboardingLive,
  setCustomerLive,
} from '../../db/onboarding.ts';
import { activateCustomerNumbers } from '../../db/phone-numbers.ts';
import { badRequest, notFound } from '../../lib/errors.ts';
import { completeStep } from './complete-step.ts';
import { commitStep, type OnboardingDeps } from './context.ts';
import { goLiveBlockers } from './state-machine.ts';
import { calendarIntegrationOf, type OnboardingView, stepStatusOf } from './view.ts';

/**
 * Step 7. Seed Property 8: any number of calls, concurrent or not, end in the same state with one
 * go-live email. Both rows are locked (onboarding, then customer, always in that order), so a
 * second caller waits and then finds the work done; the outbox key `go-live:<id>` backs it up.
 */
export function goLive(deps: OnboardingDeps, customerId: string): Promise<OnboardingView> {
  return commitStep(deps, customerId, async (tx, outbox) => {
    const state = await lockOnboarding(tx, customerId);
    const alreadyLive = await lockCustomerLive(tx, customerId);
    if (!state || alreadyLive === null) throw notFound('Onboarding');
    if (alreadyLive && state.completed_steps.includes(7)) return;
    const calendar = calendarIntegrationOf(await findConnection(tx, customerId), state.calendar_integration);
    const blockers = goLiveBlockers(stepStatusOf(state, calendar));
    if (blockers.length > 0) {
      throw badRequest(
        `${blockers[0]!.field}: ${blockers[0]!.message}`,
        blockers.map((b) => ({ field: b.field, message: b.message })),
      );
    }
    await activateCustomerNumbers(tx, customerId);
    await setCustomerLive(tx, customerId);
    await completeStep(tx, outbox, customerId, 7);
    await markOnboardingLive(tx, customerId);
    const customer = await findCustomer(tx, customerId);
    const phone = state.phone_config;
    await outbox.queue({
      customerId,
      channel: 'email',
      template: 'go_live',
      recipient: customer!.email,
      payload: {
        businessName: state.business_info?.name ?? customer!.business_name,
        twilioNumber: phone?.twilioNumber ?? null,
        businessPhone: phone?.businessPhone ?? null,
        forwardingCode: phone?.forwarding.unconditional ?? null,
        disableForwardingCode: phone?.forwarding.disable ?? null,
      },
      idempotencyKey: `go-live:${customerId}`,
    });
  });
}
