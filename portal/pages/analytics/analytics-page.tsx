import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../../lib/api.ts';
import { BarList, LineChart } from './charts.tsx';
import { ExportPanel } from './export-panel.tsx';
import type { AnalyticsDashboard } from './types.ts';

const STEP_NAMES = ['Business info', 'Phone', 'Caller responses', 'Calendar', 'Demo', 'Review', 'Go live'];
const OUTCOME_NAMES: Record<string, string> = {
  completed: 'Answered',
  transferred: 'Transferred',
  missed: 'Missed',
  abandoned: 'Hung up',
  failed: 'Failed',
  in_progress: 'In progress',
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/**
 * Analytics for the owner: onboarding funnel, call outcomes, conversation trends, voice health.
 * Rendered inside the portal layout (which owns the <main> landmark).
 */
export function AnalyticsPage({ customerId }: { customerId: string }) {
  const [data, setData] = useState<AnalyticsDashboard | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api<AnalyticsDashboard>('GET', `/api/analytics/${customerId}/dashboard`)
      .then((d) => live && setData(d))
      .catch((e) => live && setError(e instanceof ApiError ? e.message : 'Analytics could not be loaded.'));
    return () => {
      live = false;
    };
  }, [customerId]);

  return (
    <div class="analytics">
      <h1>Analytics</h1>
      {error && (
        <p class="note note-error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p aria-busy="true">Loading analytics…</p>}
      {data && (
        <>
          <p class="muted">Last 30 days.</p>
          <div class="grid-2">
            <section class="card" aria-labelledby="outcomes-title">
              <h2 id="outcomes-title">Call outcomes</h2>
              {data.outcomes.length === 0 ? (
                <p class="muted">No calls yet.</p>
              ) : (
                <BarList
                  title="Calls by outcome"
                  bars={data.outcomes.map((o) => ({
                    label: OUTCOME_NAMES[o.outcome] ?? o.outcome,
                    value: o.calls,
                  }))}
                />
              )}
              <p>
                Appointment conversion: <strong>{Math.round(data.conversionRate * 100)}%</strong> of answered
                calls booked.
              </p>
            </section>
            <section class="card" aria-labelledby="funnel-title">
              <h2 id="funnel-title">Onboarding funnel</h2>
              <BarList
                title="Sessions reaching each onboarding step"
                bars={data.funnel.map((s) => ({
                  label: `${s.step}. ${STEP_NAMES[s.step - 1] ?? ''}`,
                  value: s.reached,
                  note:
                    s.reached > 0
                      ? `${seconds(s.avgDurationMs)}${s.errors ? `, ${s.errors} errors` : ''}`
                      : undefined,
                }))}
              />
            </section>
            <section class="card" aria-labelledby="intents-title">
              <h2 id="intents-title">What callers want</h2>
              <LineChart title="Turns per intent per day" series={data.intents} />
            </section>
            <section class="card" aria-labelledby="sentiment-title">
              <h2 id="sentiment-title">Caller sentiment</h2>
              <LineChart title="Turns per sentiment per day" series={data.sentiment} />
            </section>
            <section class="card" aria-labelledby="failover-title">
              <h2 id="failover-title">Provider failovers</h2>
              <BarList
                title="Failovers by provider role"
                bars={[
                  { label: 'Speech-to-text', value: data.failovers.stt },
                  { label: 'Text-to-speech', value: data.failovers.tts },
                  { label: 'Language model', value: data.failovers.llm },
                ]}
              />
            </section>
            <section class="card" aria-labelledby="latency-title">
              <h2 id="latency-title">Response time per turn</h2>
              {data.latency.length === 0 ? (
                <p class="muted">No timed turns yet.</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Stage</th>
                      <th scope="col">Median</th>
                      <th scope="col">p90</th>
                      <th scope="col">p99</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.latency.map((l) => (
                      <tr key={l.stage}>
                        <th scope="row">{l.stage.replace(/Ms$/, '')}</th>
                        <td>{Math.round(l.p50)} ms</td>
                        <td>{Math.round(l.p90)} ms</td>
                        <td>{Math.round(l.p99)} ms</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
        </>
      )}
      <ExportPanel customerId={customerId} />
    </div>
  );
}
