import { useState } from 'preact/hooks';
import { ApiError, api } from '../lib/api.ts';

export function SignInPage() {
  const expired = new URLSearchParams(location.search).has('expired');
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setState('sending');
    setError(null);
    try {
      await api('POST', '/api/auth/login-link', { email });
      setState('sent');
    } catch (err) {
      setState('idle');
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
    }
  };

  return (
    <main class="page narrow">
      <h1>Sign in</h1>
      {expired && (
        <p role="alert">That sign-in link has expired or was already used. Ask for a new one below.</p>
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
    </main>
  );
}
