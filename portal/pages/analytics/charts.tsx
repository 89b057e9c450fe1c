import type { Series } from './types.ts';

/**
 * Small inline SVG charts, scaled by viewBox so they fit a phone and a desktop. Each chart has a
 * text alternative (title + a visually hidden table) so screen readers get the same numbers.
 */
const COLOURS = ['#2b59c3', '#146c2e', '#a15c00', '#8a2be2', '#a11', '#0b7285', '#5c5f66'];

export interface Bar {
  label: string;
  value: number;
  /** Shown after the value, e.g. "40 % drop-off". */
  note?: string;
}

/** Horizontal bars: funnels, outcomes, failover counts. */
export function BarList({ bars, title, unit = '' }: { bars: Bar[]; title: string; unit?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowH = 26;
  const labelW = 120;
  const width = 360;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${bars.length * rowH}`} role="img" aria-label={title} width="100%">
        {bars.map((b, i) => {
          const w = ((width - labelW - 90) * b.value) / max;
          return (
            <g key={b.label} transform={`translate(0 ${i * rowH})`}>
              <text x={0} y={17} font-size="12" fill="#1d2433">
                {b.label}
              </text>
              <rect
                x={labelW}
                y={5}
                width={Math.max(w, b.value > 0 ? 2 : 0)}
                height={16}
                rx={3}
                fill={COLOURS[0]}
              />
              <text x={labelW + w + 6} y={17} font-size="12" fill="#505a6e">
                {`${b.value}${unit}${b.note ? ` · ${b.note}` : ''}`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="visually-hidden">
        {title}: {bars.map((b) => `${b.label} ${b.value}${unit}`).join(', ')}
      </figcaption>
    </figure>
  );
}

/** One line per series over the same days (intents or sentiment over time). */
export function LineChart({ series, title }: { series: Series[]; title: string }) {
  const width = 360;
  const height = 140;
  const pad = 22;
  const days = series[0]?.points.map((p) => p.date) ?? [];
  const max = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.turns)));
  const x = (i: number) => pad + (i * (width - pad - 4)) / Math.max(1, days.length - 1);
  const y = (v: number) => height - pad - (v * (height - pad - 8)) / max;
  if (days.length === 0 || series.length === 0)
    return <p class="muted">No conversations in this period yet.</p>;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%">
        <line x1={pad} y1={height - pad} x2={width} y2={height - pad} stroke="#d5dae5" />
        <text x={0} y={12} font-size="10" fill="#505a6e">
          {max}
        </text>
        <text x={pad} y={height - 6} font-size="10" fill="#505a6e">
          {days[0]}
        </text>
        <text x={width - 60} y={height - 6} font-size="10" fill="#505a6e">
          {days.at(-1)}
        </text>
        {series.map((s, k) => (
          <polyline
            key={s.label}
            fill="none"
            stroke={COLOURS[k % COLOURS.length]}
            stroke-width="2"
            points={s.points.map((p, i) => `${x(i).toFixed(1)},${y(p.turns).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
      <figcaption>
        <ul
          class="legend"
          style={{ listStyle: 'none', padding: 0, display: 'flex', flexWrap: 'wrap', gap: '0.75rem' }}
        >
          {series.map((s, k) => (
            <li key={s.label}>
              <span
                class="swatch"
                style={{
                  background: COLOURS[k % COLOURS.length],
                  display: 'inline-block',
                  width: '0.75rem',
                  height: '0.75rem',
                  marginRight: '0.3rem',
                  borderRadius: '2px',
                }}
                aria-hidden="true"
              />
              {s.label} ({s.points.reduce((n, p) => n + p.turns, 0)})
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
