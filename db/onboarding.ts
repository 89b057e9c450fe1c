import { sql } from 'slonik';
import { z } from 'zod';
import { BusinessInfo, CalendarIntegration, CallerResponses, PhoneConfig } from '../lib/business-schemas.ts';
import type { CommonQueryMethods } from './pool.ts';

// Stored JSON that no longer matches its schema reads as "not entered" rather than failing the page.
export const OnboardingRow = z.object({
  customer_id: z.uuid(),
  current_step: z.number().int(),
  progress: z.number().int(),
  completed_steps: z.array(z.number().int()),
  business_info: BusinessInfo.nullable().catch(null),
  phone_config: PhoneConfig.nullable().catch(null),
  caller_responses: CallerResponses.nullable().catch(null),
  calendar_integration: CalendarIntegration.nullable().catch(null),
  demo_completed: z.boolean(),
  live_at: z.number().nullable(),
  updated_at: z.number(),
});
export type OnboardingRow = z.infer<typeof OnboardingRow>;

/** Step data a save may carry; absent keys keep what was stored. */
export interface StepData {
  businessInfo?: BusinessInfo;
  phoneConfig?: PhoneConfig;
  callerResponses?: CallerResponses;
  calendarIntegration?: CalendarIntegration;
  demoCompleted?: boolean;
}

export async function findOnboarding(
  db: CommonQueryMethods,
  customerId: string,
): Promise<OnboardingRow | null> {
  return db.maybeOne(
    sql.type(OnboardingRow)`SELECT * FROM onboarding_states WHERE customer_id = ${customerId}`,
  );
}

/** Reads the state and holds its row lock until the transaction ends (serialises step saves). */
export async function lockOnboarding(
  db: CommonQueryMethods,
  customerId: string,
): Promise<OnboardingRow | null> {
  return db.maybeOne(sql.type(OnboardingRow)`
    SELECT * FROM onboarding_states WHERE customer_id = ${customerId} FOR UPDATE`);
}

const json = (value: unknown) => (value === undefined ? null : sql.jsonb(value as never));

/** Saves step data without completing anything (e.g. a calendar becoming disconnected). */
export async function saveStepData(
  db: CommonQueryMethods,
  customerId: string,
  data: StepData,
): Promise<OnboardingRow> {
  return db.one(sql.type(OnboardingRow)`
    UPDATE onboarding_states SET
      business_info = COALESCE(${json(data.businessInfo)}, business_info),
      phone_config = COALESCE(${json(data.phoneConfig)}, phone_config),
      caller_responses = COALESCE(${json(data.callerResponses)}, caller_responses),
      calendar_integration = COALESCE(${json(data.calendarIntegration)}, calendar_integration),
      demo_completed = demo_completed OR ${data.demoCompleted ?? false}
    WHERE customer_id = ${customerId}
    RETURNING *`);
}

/**
 * Writes a step completion computed by the onboarding domain (domain/onboarding/progress.ts). The
 * onboarding_progress_guard trigger refuses progress that decreases or falls below step × 14 %.
 */
export async function recordStepCompletion(
  db: CommonQueryMethods,
  customerId: string,
  completion: { completedSteps: readonly number[]; progress: number; currentStep: number },
): Promise<OnboardingRow> {
  return db.one(sql.type(OnboardingRow)`
    UPDATE onboarding_states SET
      completed_steps = ${sql.array([...completion.completedSteps], 'int2')},
      progress = ${completion.progress},
      current_step = ${completion.currentStep}
    WHERE customer_id = ${customerId}
    RETURNING *`);
}

/** Records the go-live moment once (later calls keep the first timestamp). */
export async function markOnboardingLive(db: CommonQueryMethods, customerId: string): Promise<OnboardingRow> {
  return db.one(sql.type(OnboardingRow)`
    UPDATE onboarding_states SET live_at = COALESCE(live_at, now())
    WHERE customer_id = ${customerId}
    RETURNING *`);
}

/** Step 1 also names the business on the customer record (portal, emails, admin lists). */
export async function updateCustomerBusiness(
  db: CommonQueryMethods,
  customerId: string,
  info: { name: string; industry: string; profession: string | null; phone: string },
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE customers SET business_name = ${info.name}, industry = ${info.industry},
      profession = ${info.profession}, phone_number = ${info.phone}, updated_at = now()
    WHERE id = ${customerId}`);
}

/** Locks the customer row (go-live serialises on it together with the onboarding row). */
export async function lockCustomerLive(db: CommonQueryMethods, customerId: string): Promise<boolean | null> {
  return db.maybeOneFirst(sql.type(z.object({ receptionist_live: z.boolean() }))`
    SELECT receptionist_live FROM customers WHERE id = ${customerId} FOR UPDATE`);
}

/** Go-live on the customer: the receptionist answers and the account is active. Idempotent. */
export async function setCustomerLive(db: CommonQueryMethods, customerId: string): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE customers SET receptionist_live = true, status = 'active', updated_at = now()
    WHERE id = ${customerId} AND (NOT receptionist_live OR status <> 'active')`);
}
