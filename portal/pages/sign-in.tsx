import { useState } from 'preact/hooks';
import { ApiError, api } from '../lib/api.ts';

/** Only same-site paths are kept as the page to return to after signing in. */
export function safeNext(value: string | null): string | undefined {
  const ok = value !== null && /^\/(?!\/)/.test(value) && !value.startsWith('/signin');
  return ok ? value : undefined;
}

export function SignInPage({ search }: { search: URLSearchParams }) {
  const expired = search.has('expired');
  const signedOut = search.has('signedOut');
  const next = safeNext(search.get('next'));
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setState('sending');
    setError(null);
    try {
      await api('POST', '/api/auth/login-link', next ? { email, next } : { email }, { redirectOn401: false });
      setState('sent');
    } catch (err) {
      setState('idle');
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
    }
  };

  return (
    <main class="page narrow" id="main">
      <p>
        <a class="brand" href="/">
          AI Receptionist
        </a>
      </p>
      <h1>Sign in</h1>
      {expired && (
        <p role="alert">That sign-in link has expired or was already used. Ask for a new one below.</p>
      )}
      {signedOut && <p role="status">You are signed out.</p>}
      {next && !expired && (
        <p class="note" role="status">
          Please sign in to continue. We will take you back to the page you wanted.
        </p>
      )}
      {state === 'sent' ? (
        <p role="status">
          If an account uses {email}, a sign-in link is on its way. It works once, for 24 hours.
        </p>
      ) : (
        <form onSubmit={submit}>
          <label for="email">Email address</label>
          <input
            id="email"
            type="email"
            required
            autocomplete="email"
            value={email}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
          />
          {error && <p role="alert">{error}</p>}
          <button type="submit" disabled={state === 'sending'}>
            {state === 'sending' ? 'Sending…' : 'Email me a sign-in link'}
          </button>
        </form>
      )}
      <p class="muted">
        New here? <a href="/">See plans and sign up</a>.
      </p>
    </main>
  );
}
