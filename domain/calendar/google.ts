import { auth, calendar } from '@googleapis/calendar';
import { CalendarAuthError, CalendarUnavailableError } from './errors.ts';
import type { ConnectedAccount, ExternalCalendar, OAuthTokens, TokenKeeper } from './external.ts';

export interface GoogleSettings {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** GOOGLE_OAUTH_BASE: where the consent page (/o/oauth2/v2/auth) and /token live; Google's when unset. */
  oauthBase?: string;
  /** GOOGLE_API_ROOT: the Calendar API root; https://www.googleapis.com/ when unset. */
  apiRoot?: string;
}

export const GOOGLE_SCOPES = [
  'openid',
  'email',
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.freebusy',
];

/**
 * The OAuth2 client bundled with @googleapis/calendar (google-auth-library's OAuth2Client, the
 * same options). Using its own copy keeps the client and the API library on one gaxios version.
 */
function oauthClient(s: GoogleSettings) {
  const base = s.oauthBase?.replace(/\/$/, '');
  return new auth.OAuth2({
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    redirectUri: s.redirectUri,
    // A 401 before the stored expiry (token revoked or rotated): refresh once and retry the call.
    forceRefreshOnFailure: true,
    ...(base
      ? {
          endpoints: {
            oauth2AuthBaseUrl: `${base}/o/oauth2/v2/auth`,
            oauth2TokenUrl: `${base}/token`,
            oauth2RevokeUrl: `${base}/revoke`,
          },
        }
      : {}),
  });
}

interface HttpishError {
  status?: number;
  response?: { status?: number; data?: unknown };
  message?: string;
}

/** invalid_grant from the token endpoint or 401 from the API: access is gone for good. */
function classify(error: unknown, action: string): Error {
  const e = error as HttpishError;
  const status = e.response?.status ?? e.status;
  const data = e.response?.data as { error?: unknown } | undefined;
  if (data?.error === 'invalid_grant' || status === 401) {
    return new CalendarAuthError('google', `Google refused our access while trying to ${action}`, {
      cause: error,
    });
  }
  return new CalendarUnavailableError(
    'google',
    `Google Calendar failed to ${action} (${status ?? 'network'})`,
    {
      cause: error,
    },
  );
}

export function googleConsentUrl(s: GoogleSettings, state: string): string {
  return oauthClient(s).generateAuthUrl({
    access_type: 'offline',
    prompt: 'consent',
    include_granted_scopes: true,
    scope: GOOGLE_SCOPES,
    state,
  });
}

/** Email claim of an ID token received straight from the token endpoint (so not re-verified). */
export function emailFromIdToken(idToken: string | null | undefined): string | null {
  const payload = idToken?.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { email?: unknown };
    return typeof claims.email === 'string' ? claims.email : null;
  } catch {
    return null;
  }
}

export async function googleExchangeCode(s: GoogleSettings, code: string): Promise<ConnectedAccount> {
  try {
    const { tokens } = await oauthClient(s).getToken(code);
    if (!tokens.access_token) throw new Error('token response without access_token');
    return {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? null,
      expiresAt: tokens.expiry_date ?? null,
      accountEmail: emailFromIdToken(tokens.id_token),
    };
  } catch (error) {
    throw classify(error, 'exchange the authorization code');
  }
}

/**
 * Google Calendar behind the ExternalCalendar contract. Tokens come from the keeper; an access
 * token that has expired (or is about to) is refreshed first, and every refresh is persisted
 * before the call returns.
 */
export function googleCalendar(
  s: GoogleSettings,
  keeper: TokenKeeper,
  calendarId = 'primary',
): ExternalCalendar {
  const client = oauthClient(s);
  const current = keeper.tokens;
  client.setCredentials({
    access_token: current.accessToken,
    refresh_token: current.refreshToken ?? undefined,
    // Without an expiry the library would refresh on every call; "unknown" is treated as valid.
    expiry_date: current.expiresAt ?? Date.now() + 3_600_000,
  });
  let saving: Promise<void> = Promise.resolve();
  client.on('tokens', (t) => {
    const next: OAuthTokens = {
      accessToken: t.access_token ?? current.accessToken,
      refreshToken: t.refresh_token ?? current.refreshToken,
      expiresAt: t.expiry_date ?? null,
    };
    saving = saving.then(() => keeper.save(next));
  });
  const api = calendar({
    version: 'v3',
    auth: client,
    ...(s.apiRoot ? { rootUrl: `${s.apiRoot.replace(/\/$/, '')}/` } : {}),
  });

  async function run<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      const result = await fn();
      await saving;
      return result;
    } catch (error) {
      await saving.catch(() => {});
      throw classify(error, action);
    }
  }

  return {
    busy: ({ from, to }) =>
      run('read busy times', async () => {
        const res = await api.freebusy.query({
          requestBody: {
            timeMin: from.toISOString(),
            timeMax: to.toISOString(),
            items: [{ id: calendarId }],
          },
        });
        const entry = res.data.calendars?.[calendarId];
        if (entry?.errors?.length)
          throw new Error(`freeBusy: ${entry.errors.map((e) => e.reason).join(', ')}`);
        return (entry?.busy ?? [])
          .filter((b) => b.start && b.end)
          .map((b) => ({ start: new Date(b.start!), end: new Date(b.end!) }));
      }),
    createEvent: (event) =>
      run('create an event', async () => {
        const res = await api.events.insert({
          calendarId,
          requestBody: {
            summary: event.summary,
            description: event.description,
            start: { dateTime: event.start.toISOString() },
            end: { dateTime: event.end.toISOString() },
          },
        });
        if (!res.data.id) throw new Error('event created without an id');
        return res.data.id;
      }),
    deleteEvent: (eventId) =>
      run('delete an event', async () => {
        try {
          await api.events.delete({ calendarId, eventId }, { retry: false });
        } catch (error) {
          const status = (error as HttpishError).response?.status ?? (error as HttpishError).status;
          // Already gone from the owner's calendar: nothing left to do.
          if (status === 404 || status === 410) return;
          throw error;
        }
      }),
  };
}
