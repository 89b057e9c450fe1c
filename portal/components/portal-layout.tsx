import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../lib/api.ts';

const NAV = [
  ['/app', 'Dashboard'],
  ['/app/calls', 'Calls'],
  ['/app/questions', 'Questions'],
  ['/app/analytics', 'Analytics'],
  ['/app/settings', 'Settings'],
  ['/app/billing', 'Billing'],
  ['/app/help', 'Help'],
] as const;

function isActive(href: string, path: string): boolean {
  return href === '/app' ? path === '/app' || path === '/app/' : path.startsWith(href);
}

export async function signOut(): Promise<void> {
  await api('POST', '/api/auth/logout', undefined, { redirectOn401: false }).catch(() => {});
  location.assign('/signin?signedOut=1');
}

/** Header, navigation and sign-out around every page of the signed-in portal. */
export function PortalLayout({ path, children }: { path: string; children: ComponentChildren }) {
  const [leaving, setLeaving] = useState(false);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After an in-app navigation, move focus to the new page so screen readers announce it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [path]);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/app">
          AI Receptionist
        </a>
        <nav aria-label="Portal">
          <ul>
            {NAV.map(([href, label]) => (
              <li key={href}>
                <a href={href} aria-current={isActive(href, path) ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button
          type="button"
          class="secondary small"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            void signOut();
          }}
        >
          {leaving ? 'Signing out…' : 'Sign out'}
        </button>
      </header>
      <main class="page" id="main" tabIndex={-1} ref={main}>
        {children}
      </main>
    </>
  );
}
