import { DateTime } from 'luxon';
import { type CallGroup, callGroups } from '../../db/call-reads.ts';
import type { CommonQueryMethods } from '../../db/pool.ts';
import { safeZone } from '../../lib/time-range.ts';
import { customerSettingsRow } from './owner-settings.ts';

/**
 * Dashboard maths, free of SQL: the database returns calls grouped by local (day, hour) over a
 * window, and everything the owner sees is summed from those groups here. "Today", "this week"
 * (ISO, Monday first) and "this month" are in the business's time zone.
 */
export const DASHBOARD_DAYS = 30;

export interface DashboardWindow {
  /** Earliest instant the groups must cover (epoch ms). */
  fromMs: number;
  today: string;
  weekStart: string;
  monthStart: string;
  /** First day of the 30-day chart (inclusive), local. */
  chartStart: string;
  chartDays: string[];
}

export function dashboardWindow(nowMs: number, timeZone: string): DashboardWindow {
  const now = DateTime.fromMillis(nowMs, { zone: timeZone });
  const today = now.startOf('day');
  const chartStart = today.minus({ days: DASHBOARD_DAYS - 1 });
  const monthStart = now.startOf('month');
  const weekStart = now.startOf('week');
  const from = DateTime.min(chartStart, monthStart, weekStart)!;
  const chartDays: string[] = [];
  for (let d = chartStart; d <= today; d = d.plus({ days: 1 })) chartDays.push(d.toISODate()!);
  return {
    fromMs: from.toMillis(),
    today: today.toISODate()!,
    weekStart: weekStart.toISODate()!,
    monthStart: monthStart.toISODate()!,
    chartStart: chartStart.toISODate()!,
    chartDays,
  };
}

export interface DashboardFigures {
  callsToday: number;
  callsThisWeek: number;
  callsThisMonth: number;
  /** The next four cover the 30-day chart window. */
  answered: number;
  missed: number;
  appointmentsBooked: number;
  avgCallDurationMs: number;
  busiestHours: { hour: number; calls: number }[];
  daily: { date: string; calls: number; booked: number }[];
}

export function summarize(groups: readonly CallGroup[], w: DashboardWindow): DashboardFigures {
  let callsToday = 0;
  let callsThisWeek = 0;
  let callsThisMonth = 0;
  let answered = 0;
  let missed = 0;
  let booked = 0;
  let durationSum = 0;
  let durationCount = 0;
  const hours = Array.from({ length: 24 }, () => 0);
  const byDay = new Map<string, { calls: number; booked: number }>();
  for (const g of groups) {
    // ISO dates compare correctly as strings.
    if (g.day === w.today) callsToday += g.calls;
    if (g.day >= w.weekStart && g.day <= w.today) callsThisWeek += g.calls;
    if (g.day >= w.monthStart && g.day <= w.today) callsThisMonth += g.calls;
    if (g.day < w.chartStart || g.day > w.today) continue;
    answered += g.answered;
    missed += g.missed;
    booked += g.booked;
    durationSum += g.durationSumMs;
    durationCount += g.durationCount;
    hours[g.hour] = (hours[g.hour] ?? 0) + g.calls;
    const day = byDay.get(g.day) ?? { calls: 0, booked: 0 };
    day.calls += g.calls;
    day.booked += g.booked;
    byDay.set(g.day, day);
  }
  return {
    callsToday,
    callsThisWeek,
    callsThisMonth,
    answered,
    missed,
    appointmentsBooked: booked,
    avgCallDurationMs: durationCount === 0 ? 0 : Math.round(durationSum / durationCount),
    // All 24 hours in clock order, so a chart needs no gaps filled; the page picks the peak.
    busiestHours: hours.map((calls, hour) => ({ hour, calls })),
    daily: w.chartDays.map((date) => ({ date, ...(byDay.get(date) ?? { calls: 0, booked: 0 }) })),
  };
}

/** Words for the receptionist's state, for the dashboard badge. */
export function receptionistStatus(c: { receptionistLive: boolean; status: string }): {
  live: boolean;
  status: string;
} {
  if (c.status === 'paused' || c.status === 'cancelled') return { live: false, status: c.status };
  return c.receptionistLive ? { live: true, status: 'live' } : { live: false, status: 'not_live' };
}

/** The dashboard of one customer, in the business's own time zone. */
export async function ownerDashboard(db: CommonQueryMethods, customerId: string, nowMs = Date.now()) {
  const row = await customerSettingsRow(db, customerId);
  const zone = safeZone(row.time_zone);
  const window = dashboardWindow(nowMs, zone);
  const groups = await callGroups(db, customerId, window.fromMs, zone);
  return {
    ...summarize(groups, window),
    receptionist: receptionistStatus({ receptionistLive: row.receptionist_live, status: row.status }),
  };
}
