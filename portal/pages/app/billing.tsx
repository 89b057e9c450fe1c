import { Empty, ErrorNote, Loading } from '../../components/status.tsx';
import { date, money } from '../../lib/format.ts';
import { useCustomerId } from '../../lib/session.ts';
import type { Billing } from '../../lib/types.ts';
import { useApi } from '../../lib/use-api.ts';

const STATUS: Record<string, string> = {
  active: 'Active',
  trial: 'Trial',
  paused: 'Paused',
  cancelled: 'Cancelled',
  completed: 'Paid',
  refunded: 'Refunded',
  reversed: 'Reversed',
  denied: 'Declined',
};

const label = (status: string) => STATUS[status] ?? status;

export function BillingPage() {
  const customerId = useCustomerId();
  const { data, error, reload } = useApi<Billing>(`/api/portal/${customerId}/billing`);
  if (error) return <ErrorNote error={error} onRetry={reload} />;
  if (!data) return <Loading what="Loading billing" />;
  return (
    <>
      <h1>Billing</h1>
      <section class="card" aria-labelledby="billing-plan">
        <h2 id="billing-plan">Your plan</h2>
        <dl class="facts">
          <dt>Plan</dt>
          <dd>{data.plan.name}</dd>
          <dt>Price</dt>
          <dd>{money(data.plan.priceCents, data.plan.currency)} a month</dd>
          <dt>Included</dt>
          <dd>{data.plan.includedMinutes} call minutes a month</dd>
          <dt>Status</dt>
          <dd>{label(data.status)}</dd>
          <dt>Next renewal</dt>
          <dd>{data.nextRenewal ? date(data.nextRenewal) : '—'}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="billing-payments">
        <h2 id="billing-payments">Payments</h2>
        {data.payments.length === 0 ? (
          <Empty>No payments yet.</Empty>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {data.payments.map((p) => (
                  <tr key={p.id}>
                    <td>{date(p.createdAt)}</td>
                    <td>{money(p.amountCents, p.currency)}</td>
                    <td>{label(p.status)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <p class="muted">
        Questions about a charge? <a href="/app/help">Contact support</a>.
      </p>
    </>
  );
}
