import { useEffect } from 'preact/hooks';
import { PortalLayout } from './components/portal-layout.tsx';
import { SignedIn } from './components/signed-in.tsx';
import { matchPath, onLinkClick, useLocation } from './lib/router.ts';
import { AnalyticsRoute } from './pages/app/analytics.tsx';
import { BillingPage } from './pages/app/billing.tsx';
import { CallDetailPage } from './pages/app/call-detail.tsx';
import { CallsPage } from './pages/app/calls.tsx';
import { DashboardPage } from './pages/app/dashboard.tsx';
import { HelpPage } from './pages/app/help.tsx';
import { SettingsPage } from './pages/app/settings.tsx';
import { LandingPage } from './pages/landing.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { OnboardingPage } from './pages/onboarding/index.tsx';
import { QuestionsPage } from './pages/questions/index.tsx';
import { SignInPage } from './pages/sign-in.tsx';

const TITLES: [RegExp, string][] = [
  [/^\/$/, 'Plans'],
  [/^\/signin/, 'Sign in'],
  [/^\/onboarding/, 'Set up'],
  [/^\/app\/calls\/.+/, 'Call'],
  [/^\/app\/calls/, 'Calls'],
  [/^\/app\/settings/, 'Settings'],
  [/^\/app\/billing/, 'Billing'],
  [/^\/app\/help/, 'Help'],
  [/^\/app\/analytics/, 'Analytics'],
  [/^\/app\/questions/, 'Questions callers asked'],
  [/^\/app/, 'Dashboard'],
];

/** The signed-in pages under /app, by path. */
function appPage(path: string, search: URLSearchParams) {
  const call = matchPath('/app/calls/:callId', path);
  if (call) return <CallDetailPage key={call.callId} callId={call.callId!} />;
  switch (path.replace(/\/+$/, '') || '/app') {
    case '/app':
      return <DashboardPage />;
    case '/app/calls':
      return <CallsPage search={search} />;
    case '/app/settings':
      return <SettingsPage />;
    case '/app/billing':
      return <BillingPage />;
    case '/app/help':
      return <HelpPage />;
    case '/app/analytics':
      return <AnalyticsRoute />;
    case '/app/questions':
      return <QuestionsPage search={search} />;
    default:
      return null;
  }
}

export function App() {
  const { path, search } = useLocation();

  useEffect(() => {
    const title = TITLES.find(([pattern]) => pattern.test(path))?.[1];
    document.title = title ? `${title} · AI Receptionist` : 'AI Receptionist';
  }, [path]);
  useEffect(() => {
    addEventListener('click', onLinkClick);
    return () => removeEventListener('click', onLinkClick);
  }, []);

  if (path === '/' || path === '') return <LandingPage search={search} />;
  if (path.startsWith('/signin')) return <SignInPage search={search} />;
  if (path === '/onboarding' || path.startsWith('/onboarding/')) {
    return (
      <SignedIn>
        <OnboardingPage search={search} />
      </SignedIn>
    );
  }
  if (path === '/app' || path.startsWith('/app/')) {
    const page = appPage(path, search);
    if (!page) return <NotFoundPage />;
    return (
      <SignedIn>
        <PortalLayout path={path}>{page}</PortalLayout>
      </SignedIn>
    );
  }
  return <NotFoundPage />;
}
