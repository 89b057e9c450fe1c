/**
 * Onboarding funnel maths: how many sessions reached each of the seven steps, how long they spent
 * there, what failed, and where owners dropped off. Pure, so it is tested without a database.
 */
export const ONBOARDING_STEPS = [1, 2, 3, 4, 5, 6, 7] as const;

export interface StepTotals {
  step: number;
  sessions: number;
  events: number;
  durationMs: number;
  errors: number;
  completed: number;
}

export interface FunnelStep {
  step: number;
  reached: number;
  completed: number;
  errors: number;
  avgDurationMs: number;
  /** Sessions that reached this step but not the next one (0 for the last step). */
  dropOff: number;
  /** dropOff / reached, 0..1. */
  dropOffRate: number;
}

export function funnel(rows: readonly StepTotals[]): FunnelStep[] {
  const byStep = new Map(rows.map((r) => [r.step, r]));
  return ONBOARDING_STEPS.map((step, i) => {
    const row = byStep.get(step);
    const reached = row?.sessions ?? 0;
    const nextStep = ONBOARDING_STEPS[i + 1];
    const next = nextStep === undefined ? reached : (byStep.get(nextStep)?.sessions ?? 0);
    const dropOff = Math.max(0, reached - next);
    return {
      step,
      reached,
      completed: row?.completed ?? 0,
      errors: row?.errors ?? 0,
      avgDurationMs: reached === 0 ? 0 : Math.round((row?.durationMs ?? 0) / reached),
      dropOff,
      dropOffRate: reached === 0 ? 0 : dropOff / reached,
    };
  });
}

export interface LabelCount {
  day: string;
  kind: 'intent' | 'sentiment';
  label: string;
  turns: number;
}

/** Rows of (day, label, count) → one series per label with a point for every day in `days`. */
export function seriesByLabel(
  rows: readonly LabelCount[],
  kind: 'intent' | 'sentiment',
  days: readonly string[],
): { label: string; points: { date: string; turns: number }[] }[] {
  const labels = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (r.kind !== kind) continue;
    const perDay = labels.get(r.label) ?? new Map<string, number>();
    perDay.set(r.day, (perDay.get(r.day) ?? 0) + r.turns);
    labels.set(r.label, perDay);
  }
  return [...labels.entries()]
    .map(([label, perDay]) => ({
      label,
      points: days.map((date) => ({ date, turns: perDay.get(date) ?? 0 })),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** UTC calendar days from `fromMs` to `toMs` (exclusive), at most `max` of them (the newest). */
export function utcDays(fromMs: number, toMs: number, max = 366): string[] {
  const days: string[] = [];
  const start = Date.UTC(
    new Date(fromMs).getUTCFullYear(),
    new Date(fromMs).getUTCMonth(),
    new Date(fromMs).getUTCDate(),
  );
  for (let t = start; t < toMs; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days.slice(-max);
}

/** Booked calls over answered calls (a missed call could not book), 0..1. */
export function conversionRate(
  outcomes: readonly { outcome: string; calls: number; booked: number }[],
): number {
  const answered = outcomes
    .filter((o) => o.outcome === 'completed' || o.outcome === 'transferred')
    .reduce((sum, o) => sum + o.calls, 0);
  const booked = outcomes.reduce((sum, o) => sum + o.booked, 0);
  return answered === 0 ? 0 : Math.min(1, booked / answered);
}
