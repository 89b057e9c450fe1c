import type { SealerKeys } from '../../lib/sealer.ts';
import type { ConnectedAccount, ExternalCalendar, TokenKeeper } from './external.ts';
import { type GoogleSettings, googleCalendar, googleConsentUrl, googleExchangeCode } from './google.ts';
import { type OutlookSettings, outlookCalendar, outlookConsentUrl, outlookExchangeCode } from './outlook.ts';

export type ExternalProvider = 'google' | 'outlook';

type Maybe = string | undefined;

/** The configuration the calendar module reads (a slice of the app's Config). */
export interface CalendarConfig {
  http: { publicUrl: string };
  secrets: SealerKeys;
  google: { clientId: Maybe; clientSecret: Maybe; apiRoot: Maybe; oauthBase: Maybe };
  microsoft: { clientId: Maybe; clientSecret: Maybe; tenant: string; graphBaseUrl: Maybe; loginBase: Maybe };
}

/** Where the provider sends the owner back after consent (a public route of ours). */
export const oauthRedirectUri = (config: CalendarConfig, provider: ExternalProvider) =>
  `${config.http.publicUrl}/api/oauth/${provider}/callback`;

function googleSettings(config: CalendarConfig): GoogleSettings | null {
  const g = config.google;
  if (!g.clientId || !g.clientSecret) return null;
  return {
    clientId: g.clientId,
    clientSecret: g.clientSecret,
    redirectUri: oauthRedirectUri(config, 'google'),
    oauthBase: g.oauthBase,
    apiRoot: g.apiRoot,
  };
}

function outlookSettings(config: CalendarConfig): OutlookSettings | null {
  const m = config.microsoft;
  if (!m.clientId || !m.clientSecret) return null;
  return {
    clientId: m.clientId,
    clientSecret: m.clientSecret,
    redirectUri: oauthRedirectUri(config, 'outlook'),
    tenant: m.tenant,
    loginBase: m.loginBase,
    graphBaseUrl: m.graphBaseUrl,
  };
}

/** The OAuth and API entry points of the configured external providers, chosen by name. */
export class ExternalProviders {
  private readonly google: GoogleSettings | null;
  private readonly outlook: OutlookSettings | null;
  constructor(config: CalendarConfig) {
    this.google = googleSettings(config);
    this.outlook = outlookSettings(config);
  }

  configured(provider: ExternalProvider): boolean {
    return (provider === 'google' ? this.google : this.outlook) !== null;
  }

  consentUrl(provider: ExternalProvider, state: string): string {
    if (provider === 'google') return googleConsentUrl(this.need(this.google, provider), state);
    return outlookConsentUrl(this.need(this.outlook, provider), state);
  }

  exchangeCode(provider: ExternalProvider, code: string): Promise<ConnectedAccount> {
    if (provider === 'google') return googleExchangeCode(this.need(this.google, provider), code);
    return outlookExchangeCode(this.need(this.outlook, provider), code);
  }

  calendar(
    provider: ExternalProvider,
    keeper: TokenKeeper,
    calendarId: string | null,
  ): ExternalCalendar | null {
    if (provider === 'google') {
      return this.google ? googleCalendar(this.google, keeper, calendarId ?? 'primary') : null;
    }
    return this.outlook ? outlookCalendar(this.outlook, keeper) : null;
  }

  private need<T>(settings: T | null, provider: ExternalProvider): T {
    if (!settings) throw new Error(`${provider} calendar is not configured`);
    return settings;
  }
}
