/**
 * Monthly renewal date maths, in UTC. A plan bought on the 31st renews on the last day of shorter
 * months (Jan 31 → Feb 28/29 → Mar 31), always counted from the original purchase day so the
 * day-of-month does not drift downwards.
 */
export function addMonthsClamped(anchorMs: number, months: number): number {
  const anchor = new Date(anchorMs);
  const year = anchor.getUTCFullYear();
  const month = anchor.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(anchor.getUTCDate(), lastDay);
  return Date.UTC(
    year,
    month,
    day,
    anchor.getUTCHours(),
    anchor.getUTCMinutes(),
    anchor.getUTCSeconds(),
    anchor.getUTCMilliseconds(),
  );
}

/** The first renewal strictly after `nowMs` for a subscription that started at `startedMs`. */
export function nextRenewal(startedMs: number, nowMs: number): number {
  // Jump close to now first, then step; bounded so bad input cannot loop for long.
  const approxMonths = Math.max(1, Math.floor((nowMs - startedMs) / (31 * 24 * 3600 * 1000)));
  let months = approxMonths;
  while (months > 1 && addMonthsClamped(startedMs, months - 1) > nowMs) months -= 1;
  while (addMonthsClamped(startedMs, months) <= nowMs) months += 1;
  return addMonthsClamped(startedMs, months);
}
