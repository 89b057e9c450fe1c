import { useEffect, useRef, useState } from 'preact/hooks';
import { FormErrors, TextField } from '../components/field.tsx';
import { PaypalButtons } from '../components/paypal-buttons.tsx';
import { ApiError, api, fieldErrors, messageOf } from '../lib/api.ts';
import { money } from '../lib/format.ts';
import type { PaypalConfig, Plan } from '../lib/types.ts';

type Stage =
  | { kind: 'form' }
  | { kind: 'pay'; orderId: string }
  | { kind: 'paying' }
  | { kind: 'failed'; message: string; retryable: boolean }
  | { kind: 'done' };

const noRedirect = { redirectOn401: false };

/**
 * Email + business name → our server creates a PayPal order → the buyer approves (emulator
 * button or PayPal's buttons) → our server captures it and answers a one-time sign-in URL,
 * which lands the new owner in onboarding.
 */
export function Checkout({ plan, paypal }: { plan: Plan; paypal: PaypalConfig }) {
  const [email, setEmail] = useState('');
  const [businessName, setBusinessName] = useState('');
  const [stage, setStage] = useState<Stage>({ kind: 'form' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const prepared = useRef<string | null>(null);
  const section = useRef<HTMLElement>(null);

  // The button that was pressed disappears between stages: put focus on the next thing to press.
  useEffect(() => {
    if (stage.kind === 'pay' || stage.kind === 'failed') {
      section.current?.querySelector<HTMLElement>('.pay button, [role="alert"] button')?.focus();
    }
  }, [stage.kind]);

  const createOrder = async (): Promise<string> => {
    const { orderId } = await api<{ orderId: string }>(
      'POST',
      '/api/paypal/create-order',
      { plan: plan.id, email, businessName },
      noRedirect,
    );
    return orderId;
  };

  const capture = async (orderId: string) => {
    setStage({ kind: 'paying' });
    try {
      const { portalUrl } = await api<{ customerId: string; portalUrl: string }>(
        'POST',
        '/api/paypal/capture-order',
        { orderId },
        noRedirect,
      );
      setStage({ kind: 'done' });
      location.assign(portalUrl);
    } catch (error) {
      const details =
        error instanceof ApiError ? (error.details as { retryable?: boolean } | undefined) : undefined;
      const declined = error instanceof ApiError && error.code === 'payment_declined';
      setStage({
        kind: 'failed',
        message: declined ? `${error.message} You have not been charged.` : messageOf(error),
        retryable: details?.retryable ?? true,
      });
    }
  };

  /**
   * Creates the order as soon as the details are entered, so mistakes show next to their fields.
   * PayPal's buttons use that order first; a second approval attempt gets a fresh one.
   */
  const start = async (event?: Event) => {
    event?.preventDefault();
    setErrors({});
    setFormMessage(null);
    setBusy(true);
    try {
      const orderId = await createOrder();
      prepared.current = orderId;
      setStage({ kind: 'pay', orderId });
    } catch (error) {
      const byField = fieldErrors(error);
      setErrors(byField);
      setFormMessage(Object.keys(byField).length > 0 ? null : messageOf(error));
      setStage({ kind: 'form' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card checkout" aria-labelledby="checkout-title" ref={section}>
      <h2 id="checkout-title" tabIndex={-1}>
        Checkout: {plan.name} plan
      </h2>
      <p>
        {money(plan.priceCents, plan.currency)} a month · {plan.includedMinutes} call minutes included
      </p>
      {stage.kind === 'form' && (
        <form onSubmit={start} noValidate>
          <TextField
            id="checkout-email"
            label="Email address"
            type="email"
            required
            autocomplete="email"
            hint="We send your sign-in link and receipts here."
            value={email}
            error={errors['email']}
            onInput={setEmail}
          />
          <TextField
            id="checkout-business"
            label="Business name"
            required
            autocomplete="organization"
            value={businessName}
            error={errors['businessName']}
            onInput={setBusinessName}
          />
          <FormErrors message={formMessage} unplaced={errors['plan'] ? [errors['plan']] : []} />
          <button type="submit" disabled={busy}>
            {busy ? 'Preparing your order…' : 'Continue to payment'}
          </button>
        </form>
      )}
      {stage.kind === 'pay' && (
        <div class="pay">
          {paypal.mode === 'emulator' || !paypal.clientId ? (
            <>
              <p class="muted">
                Payments run through a local PayPal emulator in this environment: no money is moved.
              </p>
              <button type="button" class="paypal" onClick={() => capture(stage.orderId)}>
                Pay with PayPal (emulator)
              </button>
            </>
          ) : (
            <PaypalButtons
              clientId={paypal.clientId}
              currency={paypal.currency}
              createOrder={() => {
                const ready = prepared.current;
                prepared.current = null;
                return ready ? Promise.resolve(ready) : createOrder();
              }}
              onApprove={capture}
              onError={(message) => setStage({ kind: 'failed', message, retryable: true })}
            />
          )}
          <button type="button" class="link-button" onClick={() => setStage({ kind: 'form' })}>
            Change my details
          </button>
        </div>
      )}
      {stage.kind === 'paying' && (
        <p role="status" aria-live="polite">
          Confirming your payment…
        </p>
      )}
      {stage.kind === 'done' && (
        <p role="status" aria-live="polite">
          Payment received. Opening your setup…
        </p>
      )}
      {stage.kind === 'failed' && (
        <div class="note note-error" role="alert">
          <p>{stage.message}</p>
          {stage.retryable ? (
            <button type="button" onClick={() => start()}>
              Retry payment
            </button>
          ) : (
            <button type="button" onClick={() => setStage({ kind: 'form' })}>
              Check my details
            </button>
          )}
        </div>
      )}
    </section>
  );
}
