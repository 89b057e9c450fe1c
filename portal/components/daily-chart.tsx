/**
 * Calls per day as bars, with the booked share drawn inside each bar. Plain SVG scaled by
 * viewBox, so it fits a phone and a desktop; the same numbers are available as a table.
 */
interface Day {
  date: string;
  calls: number;
  booked: number;
}

const WIDTH = 360;
const HEIGHT = 150;
const PAD_LEFT = 24;
const PAD_BOTTOM = 20;

/** A round top for the axis, even so the middle gridline is a whole number. */
function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / magnitude / 2) * 2 * magnitude;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function shortDate(iso: string): string {
  const d = new Date(`${iso}T12:00:00`);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

export function DailyChart({ days, title }: { days: Day[]; title: string }) {
  const max = niceMax(Math.max(0, ...days.map((d) => d.calls)));
  const plotW = WIDTH - PAD_LEFT;
  const plotH = HEIGHT - PAD_BOTTOM;
  const slot = plotW / Math.max(days.length, 1);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => plotH - (v / max) * (plotH - 8);
  const totalCalls = days.reduce((s, d) => s + d.calls, 0);
  const totalBooked = days.reduce((s, d) => s + d.booked, 0);
  const labelEvery = Math.ceil(days.length / 4);

  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${title}: ${plural(totalCalls, 'call')}, ${totalBooked} with an appointment booked`}
      >
        {[0, max / 2, max].map((v) => (
          <g key={v}>
            <line class="grid" x1={PAD_LEFT} x2={WIDTH} y1={y(v)} y2={y(v)} />
            <text class="axis" x={PAD_LEFT - 4} y={y(v) + 4} text-anchor="end">
              {Math.round(v)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD_LEFT + i * slot + (slot - barW) / 2;
          return (
            <g key={d.date}>
              <rect class="bar" x={x} y={y(d.calls)} width={barW} height={plotH - y(d.calls)}>
                <title>{`${shortDate(d.date)}: ${plural(d.calls, 'call')}, ${d.booked} booked`}</title>
              </rect>
              {d.booked > 0 && (
                <rect class="bar-booked" x={x} y={y(d.booked)} width={barW} height={plotH - y(d.booked)} />
              )}
              {i % labelEvery === 0 && (
                <text class="axis" x={x + barW / 2} y={HEIGHT - 4} text-anchor="middle">
                  {shortDate(d.date)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <p class="legend">
        <span class="swatch swatch-calls" /> Calls <span class="swatch swatch-booked" /> Appointments booked
      </p>
      <details>
        <summary>Show as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Calls</th>
              <th scope="col">Booked</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <td>{shortDate(d.date)}</td>
                <td>{d.calls}</td>
                <td>{d.booked}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
