/**
 * Milliseconds since the epoch, NaN when unreadable. Callers compare in the negated form
 * (`!(from <= now)`) so that NaN fails closed.
 */
export function toEpochMs(value: Date | string | number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return value instanceof Date ? value.getTime() : Number.NaN;
}
