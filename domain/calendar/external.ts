/** The contract each external calendar adapter (google.ts, outlook.ts) implements. */

/** Tokens as the providers use them; `expiresAt` in epoch ms. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: number | null;
}

export interface ConnectedAccount extends OAuthTokens {
  accountEmail: string | null;
}

/** What the booking service needs from an external calendar, whichever provider it is. */
export interface ExternalCalendar {
  busy(range: { from: Date; to: Date }): Promise<{ start: Date; end: Date }[]>;
  createEvent(event: { start: Date; end: Date; summary: string; description: string }): Promise<string>;
  deleteEvent(eventId: string): Promise<void>;
}

/** Reads the current tokens and persists refreshed ones (the service backs it with the database). */
export interface TokenKeeper {
  tokens: OAuthTokens;
  save(tokens: OAuthTokens): Promise<void>;
}
