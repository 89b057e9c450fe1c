import { findConnection } from '../../db/calendar-connections.ts';
import { lockOnboarding, updateCustomerBusiness } from '../../db/onboarding.ts';
import type {
  BusinessInfo,
  CallerResponses,
  PhoneConfig,
  PhoneConfigInput,
} from '../../lib/business-schemas.ts';
import { badRequest, notFound } from '../../lib/errors.ts';
import { completeStep } from './complete-step.ts';
import { commitStep, type OnboardingDeps } from './context.ts';
import { forwardingCodes } from './forwarding.ts';
import { ensureReceptionistNumber } from './phone-provisioning.ts';
import { missingBeforeReview } from './state-machine.ts';
import { calendarIntegrationOf, type OnboardingView, stepStatusOf } from './view.ts';

/** Step 1: business information (also names the business on the customer record). */
export function saveBusinessInfo(deps: OnboardingDeps, customerId: string, info: BusinessInfo) {
  return commitStep(deps, customerId, async (tx, outbox) => {
    await updateCustomerBusiness(tx, customerId, {
      name: info.name,
      industry: info.industry,
      profession: info.profession ?? null,
      phone: info.phone,
    });
    await completeStep(tx, outbox, customerId, 1, { businessInfo: info });
  });
}

/** Step 2: the receptionist number (provisioned once), forwarding codes for the carrier, SMS. */
export function savePhoneConfig(deps: OnboardingDeps, customerId: string, input: PhoneConfigInput) {
  return commitStep(deps, customerId, async (tx, outbox) => {
    // The row lock makes concurrent saves wait, so one customer is never sold two numbers.
    const state = await lockOnboarding(tx, customerId);
    if (!state) throw notFound('Onboarding');
    const number = await ensureReceptionistNumber(
      tx,
      { twilio: deps.twilio, publicUrl: deps.config.http.publicUrl },
      { customerId, businessPhone: input.businessPhone, smsEnabled: input.smsEnabled },
    );
    // Re-saving without a carrier keeps the one chosen before.
    const carrier = input.carrier ?? state.phone_config?.carrier ?? 'generic';
    const phoneConfig: PhoneConfig = {
      businessPhone: input.businessPhone,
      twilioNumber: number.e164,
      smsEnabled: input.smsEnabled,
      carrier,
      forwarding: forwardingCodes(carrier, number.e164),
    };
    await completeStep(tx, outbox, customerId, 2, { phoneConfig });
  });
}

/** Step 3: what the receptionist says and must not promise. */
export function saveCallerResponses(deps: OnboardingDeps, customerId: string, responses: CallerResponses) {
  return commitStep(deps, customerId, async (tx, outbox) => {
    await completeStep(tx, outbox, customerId, 3, { callerResponses: responses });
  });
}

/** Step 5 may be skipped; a finished browser demo completes it with demoCompleted instead. */
export function skipDemo(deps: OnboardingDeps, customerId: string) {
  return commitStep(deps, customerId, async (tx, outbox) => {
    await completeStep(tx, outbox, customerId, 5);
  });
}

/** Step 6: the owner confirms the review; steps 1–4 must be done first. */
export function confirmReview(deps: OnboardingDeps, customerId: string): Promise<OnboardingView> {
  return commitStep(deps, customerId, async (tx, outbox) => {
    const state = await lockOnboarding(tx, customerId);
    if (!state) throw notFound('Onboarding');
    const calendar = calendarIntegrationOf(await findConnection(tx, customerId), state.calendar_integration);
    const missing = missingBeforeReview(stepStatusOf(state, calendar));
    if (missing.length > 0) {
      throw badRequest(
        `${missing[0]!.field}: ${missing[0]!.message}`,
        missing.map((m) => ({ field: m.field, message: m.message })),
      );
    }
    await completeStep(tx, outbox, customerId, 6);
  });
}
