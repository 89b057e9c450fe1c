import { OptionalModule } from '../../components/optional-module.tsx';
import { useCustomerId } from '../../lib/session.ts';

// The analytics page is its own module; an empty object here means it is not part of this build.
const analyticsModule = import.meta.glob('../analytics/index.tsx');

export function AnalyticsRoute() {
  const customerId = useCustomerId();
  return (
    <OptionalModule
      modules={analyticsModule}
      exportName="AnalyticsPage"
      props={{ customerId }}
      fallback={
        <>
          <h1>Analytics</h1>
          <p class="muted">Analytics are not available yet.</p>
        </>
      }
    />
  );
}
