/**
 * The provider no longer accepts our tokens (refresh answered invalid_grant, or the API answered
 * 401 after a refresh): the owner revoked access or the grant expired. The connection must be
 * marked disconnected; retrying cannot help.
 */
export class CalendarAuthError extends Error {
  readonly provider: 'google' | 'outlook';
  constructor(provider: 'google' | 'outlook', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CalendarAuthError';
    this.provider = provider;
  }
}

/** The external calendar could not be read or written for another reason (network, 5xx). */
export class CalendarUnavailableError extends Error {
  readonly provider: string;
  constructor(provider: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CalendarUnavailableError';
    this.provider = provider;
  }
}
