/**
 * Keyset cursors: an opaque base64url token holding the last row's sort key. The timestamp is kept
 * in microseconds (PostgreSQL's precision) so a page boundary never falls between two rows that
 * milliseconds would make equal.
 */
export interface Keyset {
  /** Microseconds since the epoch, as a decimal string (exceeds 2^53 only in the year 2255). */
  atUs: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(key: Keyset): string {
  return Buffer.from(`${key.atUs}.${key.id}`, 'utf8').toString('base64url');
}

/** Returns null for anything that is not a cursor we made (the route answers 400). */
export function decodeCursor(cursor: string): Keyset | null {
  if (cursor.length > 200) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [atUs, id, ...rest] = text.split('.');
  if (rest.length > 0 || !atUs || !id || !/^-?\d{1,17}$/.test(atUs) || !UUID.test(id)) return null;
  return { atUs, id };
}
