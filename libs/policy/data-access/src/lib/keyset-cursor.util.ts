/** Opaque keyset cursors: the sort key of the last row of a page, base64url JSON. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID_PATTERN.test(value);
export const isInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/**
 * The key in a cursor, or undefined when it is not one this endpoint issued (each part checked,
 * so a forged cursor is refused as bad input rather than reaching SQL).
 */
export function decodeCursor(cursor: string, parts: readonly ((value: unknown) => boolean)[]): string[] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === parts.length && parts.every((ok, i) => ok(value[i]))) return value as string[];
  } catch {
    // not base64url JSON: fall through
  }
  return undefined;
}

/**
 * SQL for a timestamp as an exact ISO 8601 text (microseconds, UTC). Cursors carry this rather
 * than a JavaScript Date, which would drop the microseconds and repeat or skip rows at a page edge.
 */
export const exactInstant = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
