import { sql } from 'slonik';
import { z } from 'zod';
import { STEP_NAMES, type Step } from '../domain/onboarding/state-machine.ts';
import { BusinessInfo, CalendarIntegration, CallerResponses, PhoneConfig } from '../lib/business-schemas.ts';
import { recordEvent } from './analytics-events.ts';
import { findCustomer } from './customers.ts';
import { queueNotification } from './notifications.ts';
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

export interface CompletedStep {
  state: OnboardingRow;
  /** True the first time this step is completed (re-saving an edited step is not a new completion). */
  newlyCompleted: boolean;
  /** Outbox rows written by this call; dispatch them after the transaction commits. */
  notificationIds: string[];
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

const STEP_DURATION_CAP_MS = 2 * 60 * 60 * 1000;

/**
 * Saves a step's data and marks the step completed, in the caller's transaction. Progress only
 * grows: max(current, step × 14), 100 for step 7 (the onboarding_progress_guard trigger refuses
 * anything else). The current step becomes the first one not yet completed. The first completion
 * of steps 1–6 queues the `onboarding_step_completed` email (one per customer and step).
 */
export async function completeStep(
  db: CommonQueryMethods,
  customerId: string,
  step: number,
  data: StepData = {},
): Promise<CompletedStep> {
  if (!Number.isInteger(step) || step < 1 || step > 7) throw new RangeError(`no onboarding step ${step}`);
  const before = await lockOnboarding(db, customerId);
  if (!before) throw new Error('onboarding state missing for customer');
  await saveStepData(db, customerId, data);
  const state = await db.one(sql.type(OnboardingRow)`
    WITH steps AS (
      SELECT array_agg(DISTINCT s ORDER BY s)::smallint[] AS done
      FROM unnest(${sql.array([...before.completed_steps, step], 'int2')}) AS s
    )
    UPDATE onboarding_states o SET
      completed_steps = steps.done,
      progress = GREATEST(o.progress, CASE WHEN ${step} = 7 THEN 100 ELSE ${step} * 14 END),
      current_step = COALESCE(
        (SELECT min(n) FROM generate_series(1, 7) AS n WHERE NOT (n::smallint = ANY (steps.done))), 7)
    FROM steps
    WHERE o.customer_id = ${customerId}
    RETURNING o.*`);
  const newlyCompleted = !before.completed_steps.includes(step);
  // Funnel data (AnalyticsEvent): time since the previous onboarding change approximates the time
  // spent on this step; capped so an owner who paused for a week does not swamp the average.
  await recordEvent(db, {
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
  const notificationIds: string[] = [];
  if (newlyCompleted && step < 7) {
    const customer = await findCustomer(db, customerId);
    if (customer) {
      const row = await queueNotification(db, {
        customerId,
        channel: 'email',
        template: 'onboarding_step_completed',
        recipient: customer.email,
        payload: {
          businessName: state.business_info?.name ?? customer.business_name,
          step,
          stepName: STEP_NAMES[step as Step],
          progress: state.progress,
        },
        idempotencyKey: `onboarding-step:${customerId}:${step}`,
      });
      notificationIds.push(row.id);
    }
  }
  return { state, newlyCompleted, notificationIds };
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
