/** The portal's only HTTP client: same origin, session cookie, one error shape. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Where an expired session sends the owner: sign in, then come back to this very page. */
export function signInUrl(next = location.pathname + location.search): string {
  return `/signin?next=${encodeURIComponent(next)}`;
}

interface ApiOptions {
  /** Public pages (pricing, sign-in) handle 401 themselves instead of redirecting. */
  redirectOn401?: boolean;
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: ApiOptions = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'We could not reach the server. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as {
    error?: { code: string; message: string; details?: unknown };
  };
  if (!response.ok) {
    if (response.status === 401 && options.redirectOn401 !== false) location.assign(signInUrl());
    throw errorFrom(response.status, data.error);
  }
  return data as T;
}

export function errorFrom(
  status: number,
  error: { code: string; message: string; details?: unknown } | undefined,
): ApiError {
  if (error) return new ApiError(status, error.code, error.message, error.details);
  if (status >= 500)
    return new ApiError(status, 'server', 'Something went wrong on our side. Please try again in a moment.');
  return new ApiError(status, 'unknown', `The request failed (${status}). Please try again.`);
}

/** A message a business owner can act on, whatever was thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Please try again.';
}

/**
 * Field-level messages from a validation error: `body.services.0.name` becomes `services.0.name`
 * (the name the form gave that input), so each message can sit next to its field.
 */
export function fieldErrors(error: unknown, prefix = 'body.'): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return out;
  for (const detail of error.details as { field?: unknown; message?: unknown }[]) {
    if (typeof detail?.field !== 'string' || typeof detail.message !== 'string') continue;
    const key = detail.field.startsWith(prefix) ? detail.field.slice(prefix.length) : detail.field;
    out[key] ??= detail.message;
  }
  return out;
}
