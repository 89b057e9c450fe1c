import {
  Client,
  type Context,
  HTTPMessageHandler,
  type Middleware,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';
import { CalendarAuthError, CalendarUnavailableError } from './errors.ts';
import type { ConnectedAccount, ExternalCalendar, OAuthTokens, TokenKeeper } from './external.ts';
import { emailFromIdToken } from './google.ts';

export interface OutlookSettings {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  tenant: string;
  /** MS_LOGIN_BASE: Microsoft identity platform; https://login.microsoftonline.com when unset. */
  loginBase?: string;
  /** GRAPH_BASE_URL: https://graph.microsoft.com when unset. */
  graphBaseUrl?: string;
}

export const OUTLOOK_SCOPES = ['openid', 'email', 'offline_access', 'User.Read', 'Calendars.ReadWrite'];
/** Refresh this long before expiry, so a token never lapses mid-call. */
const REFRESH_MARGIN_MS = 60_000;

const loginBase = (s: OutlookSettings) =>
  `${(s.loginBase ?? 'https://login.microsoftonline.com').replace(/\/$/, '')}/${encodeURIComponent(s.tenant)}`;

export function outlookConsentUrl(s: OutlookSettings, state: string): string {
  const url = new URL(`${loginBase(s)}/oauth2/v2.0/authorize`);
  url.search = new URLSearchParams({
    client_id: s.clientId,
    response_type: 'code',
    redirect_uri: s.redirectUri,
    response_mode: 'query',
    scope: OUTLOOK_SCOPES.join(' '),
    prompt: 'select_account',
    state,
  }).toString();
  return url.toString();
}

interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  id_token?: string;
  error?: string;
  error_description?: string;
}

async function tokenRequest(s: OutlookSettings, grant: Record<string, string>): Promise<TokenResponse> {
  let res: Response;
  try {
    res = await fetch(`${loginBase(s)}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        client_id: s.clientId,
        client_secret: s.clientSecret,
        scope: OUTLOOK_SCOPES.join(' '),
        ...grant,
      }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new CalendarUnavailableError('outlook', 'Microsoft sign-in could not be reached', { cause: error });
  }
  const body = (await res.json().catch(() => ({}))) as TokenResponse;
  if (res.ok && body.access_token) return body;
  if (body.error === 'invalid_grant' || res.status === 401) {
    throw new CalendarAuthError('outlook', `Microsoft refused the grant (${body.error ?? res.status})`);
  }
  throw new CalendarUnavailableError(
    'outlook',
    `Microsoft token endpoint failed (${body.error ?? res.status})`,
  );
}

const toTokens = (body: TokenResponse, previousRefresh: string | null): OAuthTokens => ({
  accessToken: body.access_token!,
  refreshToken: body.refresh_token ?? previousRefresh,
  expiresAt: body.expires_in ? Date.now() + body.expires_in * 1000 : null,
});

export async function outlookExchangeCode(s: OutlookSettings, code: string): Promise<ConnectedAccount> {
  const body = await tokenRequest(s, { grant_type: 'authorization_code', code, redirect_uri: s.redirectUri });
  const tokens = toTokens(body, null);
  let accountEmail = emailFromIdToken(body.id_token);
  if (!accountEmail) {
    const me = (await graphClient(s, async () => tokens.accessToken)
      .api('/me')
      .select('mail,userPrincipalName')
      .get()
      .catch(() => null)) as { mail?: string; userPrincipalName?: string } | null;
    accountEmail = me?.mail ?? me?.userPrincipalName ?? null;
  }
  return { ...tokens, accountEmail };
}

/**
 * Adds the bearer token itself: Graph's built-in AuthenticationHandler silently drops the header
 * on non-https URLs (our loopback fakes), so the chain is auth → retry → http.
 */
class BearerMiddleware implements Middleware {
  private next: Middleware | undefined;
  private readonly getToken: () => Promise<string>;
  constructor(getToken: () => Promise<string>) {
    this.getToken = getToken;
  }
  async execute(context: Context): Promise<void> {
    const headers = { ...(context.options?.headers as Record<string, string> | undefined) };
    headers.Authorization = `Bearer ${await this.getToken()}`;
    context.options = { ...context.options, headers };
    return this.next!.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

function graphClient(s: OutlookSettings, getToken: () => Promise<string>): Client {
  const authMiddleware = new BearerMiddleware(getToken);
  const retry = new RetryHandler(new RetryHandlerOptions(1, 1));
  authMiddleware.setNext(retry);
  retry.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({
    baseUrl: `${(s.graphBaseUrl ?? 'https://graph.microsoft.com').replace(/\/$/, '')}/`,
    defaultVersion: 'v1.0',
    middleware: authMiddleware,
  });
}

interface GraphEvent {
  id: string;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  showAs?: string;
  isCancelled?: boolean;
}

/** Graph writes UTC times without an offset ("2026-11-24T08:00:00.0000000") when asked for UTC. */
const graphUtc = (dateTime: string) =>
  new Date(/[zZ]|[+-]\d\d:\d\d$/.test(dateTime) ? dateTime : `${dateTime}Z`);
const graphTime = (d: Date) => ({ dateTime: d.toISOString().replace(/Z$/, ''), timeZone: 'UTC' });

function classify(error: unknown, action: string): Error {
  if (error instanceof CalendarAuthError || error instanceof CalendarUnavailableError) return error;
  const { statusCode: status, code } = error as { statusCode?: number; code?: string };
  if (status === 401 || code === 'CalendarAuthError') {
    return new CalendarAuthError('outlook', `Microsoft Graph refused our token while trying to ${action}`, {
      cause: error,
    });
  }
  return new CalendarUnavailableError(
    'outlook',
    `Outlook calendar failed to ${action} (${status ?? 'network'})`,
    {
      cause: error,
    },
  );
}

/** Outlook (Microsoft Graph) behind the ExternalCalendar contract, refreshing tokens as needed. */
export function outlookCalendar(s: OutlookSettings, keeper: TokenKeeper): ExternalCalendar {
  let tokens = keeper.tokens;
  async function accessToken(): Promise<string> {
    if (tokens.expiresAt !== null && tokens.expiresAt - REFRESH_MARGIN_MS <= Date.now()) {
      if (!tokens.refreshToken) throw new CalendarAuthError('outlook', 'access expired and no refresh token');
      const body = await tokenRequest(s, { grant_type: 'refresh_token', refresh_token: tokens.refreshToken });
      tokens = toTokens(body, tokens.refreshToken);
      await keeper.save(tokens);
    }
    return tokens.accessToken;
  }
  const graph = graphClient(s, accessToken);

  async function run<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      // Refresh here, not inside the middleware: Graph wraps middleware errors into GraphError.
      await accessToken();
      try {
        return await fn();
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 401 || !tokens.refreshToken) throw error;
        // A rejected token before its expiry: refresh once and retry; a revoked grant fails the refresh.
        tokens = { ...tokens, expiresAt: 0 };
        await accessToken();
        return await fn();
      }
    } catch (error) {
      throw classify(error, action);
    }
  }

  return {
    busy: ({ from, to }) =>
      run('read busy times', async () => {
        const busy: { start: Date; end: Date }[] = [];
        let page = (await graph
          .api('/me/calendarView')
          .header('Prefer', 'outlook.timezone="UTC"')
          .query({ startDateTime: from.toISOString(), endDateTime: to.toISOString() })
          .select('start,end,showAs,isCancelled')
          .top(100)
          .get()) as { value: GraphEvent[]; '@odata.nextLink'?: string };
        for (let pages = 0; ; pages++) {
          for (const e of page.value) {
            if (e.isCancelled || e.showAs === 'free') continue;
            busy.push({ start: graphUtc(e.start.dateTime), end: graphUtc(e.end.dateTime) });
          }
          const next = page['@odata.nextLink'];
          if (!next || pages >= 50) break;
          // The client only treats https:// strings as absolute URLs, so follow the link by path.
          const link = new URL(next);
          const path = link.pathname.replace(/^\/v1\.0/, '') + link.search;
          page = (await graph.api(path).header('Prefer', 'outlook.timezone="UTC"').get()) as typeof page;
        }
        return busy;
      }),
    createEvent: (event) =>
      run('create an event', async () => {
        const created = (await graph.api('/me/events').post({
          subject: event.summary,
          body: { contentType: 'text', content: event.description },
          start: graphTime(event.start),
          end: graphTime(event.end),
          showAs: 'busy',
        })) as { id?: string };
        if (!created.id) throw new Error('event created without an id');
        return created.id;
      }),
    deleteEvent: (eventId) =>
      run('delete an event', async () => {
        try {
          await graph.api(`/me/events/${encodeURIComponent(eventId)}`).delete();
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode === 404) return;
          throw error;
        }
      }),
  };
}
