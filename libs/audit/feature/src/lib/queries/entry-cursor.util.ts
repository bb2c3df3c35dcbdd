import { EntryCursor } from '@consentry/audit-data-access';
import { ValidationProblem } from '@consentry/shared-http';

/** Opaque page cursor: base64url of [occurredAt ISO, log index]. */
export function encodeCursor(cursor: EntryCursor | null): string | null {
  return cursor ? Buffer.from(JSON.stringify([cursor.occurredAt.toISOString(), cursor.index])).toString('base64url') : null;
}

export function decodeCursor(value: string | undefined): EntryCursor | undefined {
  if (value === undefined) return undefined;
  try {
    const [at, index] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    const occurredAt = new Date(at);
    if (typeof at !== 'string' || Number.isNaN(occurredAt.getTime()) || !Number.isSafeInteger(index) || index < 0) throw new Error('bad cursor');
    return { occurredAt, index };
  } catch {
    throw new ValidationProblem([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
  }
}
