// Keyset cursors of list endpoints (the policy engine's licences, suspensions and access map;
// monitoring's cases, breaches and data-subject requests; the gateway's access log; the consent
// registry's consent lists; the audit log keeps cursors of its own): the sort key of a page's last row,
// base64url JSON, opaque to the client; every part is checked on the way back in, so a forged or
// truncated cursor is refused as bad input instead of reaching SQL as a cast error.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXACT_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export const isUuidPart = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
/**
 * An instant as exactInstant writes it (microseconds, UTC), of a day that exists and a year
 * PostgreSQL takes: Date.parse rolls 2026-02-30 over to March, and the cast would then fail.
 */
export const isExactInstantPart = (value: unknown): value is string => {
  if (typeof value !== 'string' || !EXACT_INSTANT.test(value) || value.startsWith('0000')) return false;
  const millis = new Date(value.slice(0, 23) + 'Z');
  return !Number.isNaN(millis.getTime()) && millis.toISOString().slice(0, 23) === value.slice(0, 23);
};
export const isFlagPart = (value: unknown): value is string => value === '0' || value === '1';

/** Longer than any cursor the lists issue: a bigger one is refused before it is decoded. */
const MAX_CURSOR_LENGTH = 400;

export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key in a cursor, or undefined when it is not one this list issued. */
export function decodeCursor(cursor: string, parts: readonly ((value: unknown) => boolean)[]): string[] | undefined {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === parts.length && parts.every((ok, i) => ok(value[i]))) return value as string[];
  } catch {
    // not base64url JSON: fall through
  }
  return undefined;
}

/**
 * The key in a cursor a repository was given; a cursor this list did not issue throws
 * InvalidCursorError, which the services' problem filter (shared-http) answers as a 400 naming
 * `cursor`. So the feature layer passes the cursor through without checking it first.
 */
export function cursorKey(cursor: string, parts: readonly ((value: unknown) => boolean)[]): string[] {
  const key = decodeCursor(cursor, parts);
  if (!key) throw new InvalidCursorError();
  return key;
}

/**
 * SQL for a timestamp as exact ISO 8601 text (microseconds, UTC). Cursors carry this rather than
 * a JavaScript Date, which would drop the microseconds and repeat or skip rows at a page edge.
 */
export const exactInstant = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/**
 * A page of a list read with LIMIT `limit + 1`: its first `limit` rows as items, and when a row
 * more came back, a cursor holding the sort key of the last item.
 */
export function keysetPage<R, T>(rows: readonly R[], limit: number, toItem: (row: R) => T, keyOf: (row: R) => string[]): Page<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(toItem), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** A list was given a cursor it did not issue (forged, truncated, another list's): bad input, a 400. */
export class InvalidCursorError extends Error {
  constructor() {
    super('not a cursor of this list');
  }
}
