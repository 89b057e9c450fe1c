import { DailyChart } from '../../components/daily-chart.tsx';
import { HoursChart } from '../../components/hours-chart.tsx';
import { Empty, ErrorNote, Loading } from '../../components/status.tsx';
import { duration } from '../../lib/format.ts';
import { useCustomerId } from '../../lib/session.ts';
import type { Dashboard } from '../../lib/types.ts';
import { useApi } from '../../lib/use-api.ts';

function Stat({ label, value }: { label: string; value: string | number }) {
  return (
    <div class="stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

const NOT_LIVE: Record<string, string> = {
  paused: 'Your subscription is paused, so your receptionist is not answering calls.',
  cancelled: 'Your subscription is cancelled, so your receptionist is not answering calls.',
};

function LiveStatus({ receptionist }: { receptionist: Dashboard['receptionist'] }) {
  if (receptionist.live) {
    return (
      <p class="status-line ok">
        <span class="dot dot-ok" aria-hidden="true" /> Your receptionist is live and answering calls.
      </p>
    );
  }
  const stopped = NOT_LIVE[receptionist.status];
  return (
    <p class="status-line warn">
      <span class="dot dot-warn" aria-hidden="true" />{' '}
      {stopped ?? (
        <>
          Your receptionist is not answering calls yet. <a href="/onboarding">Finish setting up</a>
        </>
      )}
      {stopped && (
        <>
          {' '}
          <a href="/app/billing">See billing</a>
        </>
      )}
    </p>
  );
}

export function DashboardPage() {
  const customerId = useCustomerId();
  const { data, error, reload } = useApi<Dashboard>(`/api/portal/${customerId}/dashboard`);
  if (error) return <ErrorNote error={error} onRetry={reload} />;
  if (!data) return <Loading what="Loading your dashboard" />;
  const answeredRate =
    data.answered + data.missed > 0
      ? Math.round((data.answered / (data.answered + data.missed)) * 100)
      : null;
  return (
    <>
      <h1>Dashboard</h1>
      <LiveStatus receptionist={data.receptionist} />
      <dl class="stats">
        <Stat label="Calls today" value={data.callsToday} />
        <Stat label="This week" value={data.callsThisWeek} />
        <Stat label="This month" value={data.callsThisMonth} />
        <Stat label="Appointments booked" value={data.appointmentsBooked} />
        <Stat
          label="Answered / missed"
          value={`${data.answered} / ${data.missed}${answeredRate !== null ? ` (${answeredRate}%)` : ''}`}
        />
        <Stat label="Average call" value={duration(data.avgCallDurationMs)} />
      </dl>
      <div class="grid-2">
        <section class="card">
          {data.daily.some((d) => d.calls > 0) ? (
            <DailyChart days={data.daily} title="Calls over the last 30 days" />
          ) : (
            <>
              <h2>Calls over the last 30 days</h2>
              <Empty>No calls in the last 30 days yet.</Empty>
            </>
          )}
        </section>
        <section class="card" aria-labelledby="busiest-title">
          <h2 id="busiest-title">Busiest hours</h2>
          <HoursChart hours={data.busiestHours} />
        </section>
      </div>
      <p>
        <a href="/app/calls">See all calls</a>
      </p>
    </>
  );
}
