import { useEffect } from 'preact/hooks';
import { ErrorNote, Loading } from '../components/status.tsx';
import { money } from '../lib/format.ts';
import { navigate } from '../lib/router.ts';
import type { PaypalConfig, Plan } from '../lib/types.ts';
import { useApi } from '../lib/use-api.ts';
import { Checkout } from './checkout.tsx';

/** Pricing and checkout. `/?plan=pro` deep-links to a plan's checkout. */
export function LandingPage({ search }: { search: URLSearchParams }) {
  const plans = useApi<{ plans: Plan[] }>('/api/plans');
  const paypal = useApi<PaypalConfig>('/api/paypal/config');
  const chosen = plans.data?.plans.find((p) => p.id === search.get('plan')) ?? null;

  useEffect(() => {
    if (chosen) document.getElementById('checkout-title')?.focus();
  }, [chosen?.id]);

  return (
    <>
      <header class="topbar">
        <a class="brand" href="/">
          AI Receptionist
        </a>
        <nav aria-label="Account">
          <ul>
            <li>
              <a href="/signin">Sign in</a>
            </li>
          </ul>
        </nav>
      </header>
      <main class="page" id="main">
        <section class="hero">
          <h1>Never miss a call again</h1>
          <p class="lead">
            Your AI receptionist answers every call, books appointments into your calendar and takes messages,
            day and night. Set up in 15 minutes, keep your number.
          </p>
        </section>
        <h2>Plans</h2>
        {plans.loading && <Loading what="Loading plans" />}
        {plans.error != null && <ErrorNote error={plans.error} onRetry={plans.reload} />}
        {plans.data && (
          <ul class="plans">
            {plans.data.plans.map((plan) => (
              <li key={plan.id} class={`card plan ${chosen?.id === plan.id ? 'chosen' : ''}`}>
                <h3>{plan.name}</h3>
                <p class="price">
                  {money(plan.priceCents, plan.currency)}
                  <span class="muted"> / month</span>
                </p>
                <p>{plan.includedMinutes} call minutes included</p>
                <ul class="features">
                  {plan.features.map((f) => (
                    <li key={f}>{f}</li>
                  ))}
                </ul>
                <button
                  type="button"
                  onClick={() => navigate(`/?plan=${encodeURIComponent(plan.id)}`, { replace: true })}
                >
                  {chosen?.id === plan.id ? 'Selected' : `Choose ${plan.name}`}
                </button>
              </li>
            ))}
          </ul>
        )}
        {chosen && paypal.data && <Checkout key={chosen.id} plan={chosen} paypal={paypal.data} />}
        {chosen && paypal.error != null && <ErrorNote error={paypal.error} onRetry={paypal.reload} />}
      </main>
    </>
  );
}
