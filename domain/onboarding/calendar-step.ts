import { randomBytes } from 'node:crypto';
import {
  consumeOAuthState,
  createOAuthState,
  deleteConnection,
  findConnection,
} from '../../db/calendar-connections.ts';
import { badRequest } from '../../lib/errors.ts';
import type { ExternalProvider } from '../calendar/providers.ts';
import { completeStep } from './complete-step.ts';
import { commitStep, type OnboardingDeps } from './context.ts';

/** How long the owner has to finish the provider's consent screen. */
const OAUTH_STATE_TTL_MS = 15 * 60_000;

const PROVIDER_NAMES: Record<ExternalProvider, string> = { google: 'Google Calendar', outlook: 'Outlook' };

/** Step 4, first half: a consent URL whose single-use state is bound to this customer. */
export async function startCalendarOAuth(
  deps: OnboardingDeps,
  customerId: string,
  provider: ExternalProvider,
): Promise<{ url: string }> {
  if (!deps.calendar.isConfigured(provider)) {
    const message = `${PROVIDER_NAMES[provider]} is not set up on this server; use the built-in calendar or skip`;
    throw badRequest(`provider: ${message}`, [{ field: 'provider', message }]);
  }
  const state = randomBytes(24).toString('base64url');
  await createOAuthState(deps.pool, { state, customerId, provider, ttlMs: OAUTH_STATE_TTL_MS });
  return { url: deps.calendar.consentUrl(provider, state) };
}

export type OAuthOutcome = 'connected' | 'failed';

/**
 * Step 4, second half (the provider's redirect): checks the state, exchanges the code, stores the
 * encrypted tokens and completes the step. Refusal, a stale state or a failed exchange answer
 * 'failed' and change nothing, so the owner can retry or skip.
 */
export async function finishCalendarOAuth(
  deps: OnboardingDeps,
  provider: ExternalProvider,
  query: { code?: string; state?: string; error?: string },
): Promise<OAuthOutcome> {
  if (!query.state) return 'failed';
  const bound = await consumeOAuthState(deps.pool, query.state, provider);
  if (!bound || query.error || !query.code) return 'failed';
  let account: Awaited<ReturnType<typeof deps.calendar.exchangeCode>>;
  try {
    account = await deps.calendar.exchangeCode(provider, query.code);
  } catch (error) {
    deps.log?.warn({ customerId: bound.customerId, provider, err: error }, 'calendar code exchange failed');
    return 'failed';
  }
  await commitStep(deps, bound.customerId, async (tx, outbox) => {
    await deps.calendar.connect(tx, bound.customerId, provider, account);
    const calendarIntegration = {
      provider,
      status: 'connected' as const,
      ...(account.accountEmail ? { accountEmail: account.accountEmail } : {}),
    };
    await completeStep(tx, outbox, bound.customerId, 4, { calendarIntegration });
  });
  return 'connected';
}

/** Step 4 with the built-in calendar (appointments live only in our database and portal). */
export function useBuiltinCalendar(deps: OnboardingDeps, customerId: string) {
  return commitStep(deps, customerId, async (tx, outbox) => {
    await deps.calendar.useBuiltin(tx, customerId);
    const calendarIntegration = { provider: 'builtin' as const, status: 'connected' as const };
    await completeStep(tx, outbox, customerId, 4, { calendarIntegration });
  });
}

/**
 * Step 4 skipped (e.g. after a failed or refused OAuth): the step counts as done and the portal
 * shows the calendar as not connected. A working connection is kept; a broken one is removed.
 */
export function skipCalendar(deps: OnboardingDeps, customerId: string) {
  return commitStep(deps, customerId, async (tx, outbox) => {
    const connection = await findConnection(tx, customerId);
    if (connection && connection.status !== 'connected') await deleteConnection(tx, customerId);
    const calendarIntegration = { provider: null, status: 'skipped' as const };
    await completeStep(tx, outbox, customerId, 4, { calendarIntegration });
  });
}
