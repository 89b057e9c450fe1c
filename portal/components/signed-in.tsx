import type { ComponentChildren } from 'preact';
import { ApiError } from '../lib/api.ts';
import { SessionContext } from '../lib/session.ts';
import { useApi } from '../lib/use-api.ts';
import { ErrorNote, Loading } from './status.tsx';

/**
 * Asks who is signed in before rendering a private page. Without a session, `api()` sends the
 * owner to /signin?next=<this page>, so the login link brings them straight back here.
 */
export function SignedIn({ children }: { children: ComponentChildren }) {
  const session = useApi<{ customerId: string }>('/api/auth/session');
  // A 401 is already on its way to the sign-in page: say so instead of flashing an error.
  if (session.error instanceof ApiError && session.error.status === 401) {
    return (
      <main class="page narrow" id="main">
        <Loading what="Taking you to sign in" />
      </main>
    );
  }
  if (session.error) {
    return (
      <main class="page narrow" id="main">
        <ErrorNote error={session.error} onRetry={session.reload} />
      </main>
    );
  }
  if (!session.data) {
    return (
      <main class="page narrow" id="main">
        <Loading what="Checking your sign-in" />
      </main>
    );
  }
  return (
    <SessionContext.Provider value={{ customerId: session.data.customerId }}>
      {children}
    </SessionContext.Provider>
  );
}
