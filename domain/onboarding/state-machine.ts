/**
 * The onboarding state machine, pure: which step comes next, how progress moves, what is still
 * missing, and whether the receptionist may go live. This is the one progress rule: completeStep
 * writes what `completionAfter` computes, and the onboarding_progress_guard trigger only refuses
 * a write that would break Property 2 (progress decreasing, or below step × 14 %).
 */
export const STEPS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Step = (typeof STEPS)[number];

export const STEP_NAMES: Record<Step, string> = {
  1: 'Business information',
  2: 'Phone configuration',
  3: 'Caller responses',
  4: 'Calendar integration',
  5: 'Interactive demo',
  6: 'Review & confirmation',
  7: 'Go live',
};

/** Progress after completing `step`: never lower than before, at least step × 14 %, 100 at go-live. */
export function progressAfter(previous: number, step: Step): number {
  return Math.max(previous, step === 7 ? 100 : step * 14);
}

/** What completing `step` does to a state: the steps done, the new progress and the step to show. */
export function completionAfter(
  state: { completed_steps: readonly number[]; progress: number },
  step: Step,
): { completedSteps: Step[]; progress: number; currentStep: Step } {
  const completedSteps = STEPS.filter((s) => s === step || state.completed_steps.includes(s));
  return {
    completedSteps,
    progress: progressAfter(state.progress, step),
    currentStep: currentStepFor(completedSteps),
  };
}

/** The step the wizard opens on: the first one not yet completed (7 once everything is done). */
export function currentStepFor(completed: readonly number[]): Step {
  return STEPS.find((s) => !completed.includes(s)) ?? 7;
}

export interface StepStatus {
  completedSteps: readonly number[];
  hasBusinessInfo: boolean;
  hasPhoneConfig: boolean;
  hasCallerResponses: boolean;
  /** Connected, built-in, or explicitly skipped. */
  calendarDecided: boolean;
}

export interface MissingItem {
  step: Step;
  field: string;
  message: string;
}

/** What must be done before the review can be confirmed (steps 1–4; the demo is optional). */
export function missingBeforeReview(s: StepStatus): MissingItem[] {
  const missing: MissingItem[] = [];
  if (!s.hasBusinessInfo || !s.completedSteps.includes(1)) {
    missing.push({ step: 1, field: 'businessInfo', message: 'Business information is not saved yet' });
  }
  if (!s.hasPhoneConfig || !s.completedSteps.includes(2)) {
    missing.push({ step: 2, field: 'phoneConfig', message: 'Phone configuration is not saved yet' });
  }
  if (!s.hasCallerResponses || !s.completedSteps.includes(3)) {
    missing.push({ step: 3, field: 'callerResponses', message: 'Caller responses are not saved yet' });
  }
  if (!s.calendarDecided || !s.completedSteps.includes(4)) {
    missing.push({
      step: 4,
      field: 'calendarIntegration',
      message: 'Connect a calendar, use the built-in one, or skip this step',
    });
  }
  return missing;
}

/** What still blocks going live: the review's items plus the confirmation itself. */
export function goLiveBlockers(s: StepStatus): MissingItem[] {
  const missing = missingBeforeReview(s);
  if (!s.completedSteps.includes(6)) {
    missing.push({ step: 6, field: 'review', message: 'Review and confirm your answers' });
  }
  return missing;
}
