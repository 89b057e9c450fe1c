/** How many hours to show: the top few are what an owner plans staff around. */
const TOP = 5;

/** Busiest hours of the day as horizontal bars, busiest first. */
function hourLabel(hour: number): string {
  const d = new Date(2000, 0, 1, hour);
  return d.toLocaleTimeString(undefined, { hour: 'numeric' });
}

export function HoursChart({ hours: all }: { hours: { hour: number; calls: number }[] }) {
  const hours = all
    .filter((h) => h.calls > 0)
    .sort((a, b) => b.calls - a.calls || a.hour - b.hour)
    .slice(0, TOP);
  if (hours.length === 0)
    return <p class="muted">Once calls come in, you will see when your phone rings most.</p>;
  const max = Math.max(1, ...hours.map((h) => h.calls));
  return (
    <ul class="hbars" aria-label="Busiest hours">
      {hours.map((h) => (
        <li key={h.hour}>
          <span class="hbar-label">{hourLabel(h.hour)}</span>
          <span class="hbar-track">
            <span class="hbar-fill" style={{ width: `${(h.calls / max) * 100}%` }} />
          </span>
          <span class="hbar-value">
            {h.calls} {h.calls === 1 ? 'call' : 'calls'}
          </span>
        </li>
      ))}
    </ul>
  );
}
