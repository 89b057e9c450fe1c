import { useEffect, useRef, useState } from 'preact/hooks';

/** The slice of the PayPal JS SDK we use. */
interface PaypalSdk {
  Buttons(options: {
    style?: Record<string, string>;
    createOrder: () => Promise<string>;
    onApprove: (data: { orderID: string }) => Promise<void>;
    onCancel?: () => void;
    onError?: (error: unknown) => void;
  }): { render(element: HTMLElement): Promise<void>; close?(): void };
}

let sdkPromise: Promise<PaypalSdk> | null = null;

/** Loads https://www.paypal.com/sdk/js once, only when PayPal (not the emulator) is configured. */
function loadSdk(clientId: string, currency: string): Promise<PaypalSdk> {
  sdkPromise ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    const params = new URLSearchParams({ 'client-id': clientId, currency, intent: 'capture' });
    script.src = `https://www.paypal.com/sdk/js?${params}`;
    script.async = true;
    script.onload = () => {
      const sdk = (window as unknown as { paypal?: PaypalSdk }).paypal;
      if (sdk) resolve(sdk);
      else reject(new Error('PayPal did not load'));
    };
    script.onerror = () => {
      sdkPromise = null;
      reject(new Error('PayPal could not be reached'));
    };
    document.head.append(script);
  });
  return sdkPromise;
}

interface Props {
  clientId: string;
  currency: string;
  createOrder: () => Promise<string>;
  onApprove: (orderId: string) => Promise<void>;
  onError: (message: string) => void;
}

/** PayPal's own buttons: our server creates and captures the order, PayPal only approves it. */
export function PaypalButtons({ clientId, currency, createOrder, onApprove, onError }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  useEffect(() => {
    let closed = false;
    loadSdk(clientId, currency)
      .then((paypal) => {
        if (closed || !container.current) return;
        return paypal
          .Buttons({
            style: { layout: 'vertical', label: 'pay' },
            createOrder,
            onApprove: ({ orderID }) => onApprove(orderID),
            onCancel: () => onError('The payment was cancelled. You have not been charged.'),
            onError: () => onError('PayPal reported a problem. You have not been charged; please try again.'),
          })
          .render(container.current)
          .then(() => setState('ready'));
      })
      .catch(() => {
        if (!closed) setState('failed');
      });
    return () => {
      closed = true;
    };
  }, [clientId, currency]);
  return (
    <div>
      {state === 'loading' && <p class="muted">Loading PayPal…</p>}
      {state === 'failed' && (
        <p role="alert">
          PayPal could not be loaded. Check your connection or disable blockers, then reload.
        </p>
      )}
      <div ref={container} />
    </div>
  );
}
