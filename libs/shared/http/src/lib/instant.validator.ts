import { ValidationOptions, registerDecorator } from 'class-validator';

// RFC 3339 profile of ISO 8601: extended format, a calendar date, hours and minutes, a zone.
// Week dates (2026-W10-2), ordinal dates (2026-069), basic format (20260310) and hour-only
// times (2026-03-10T08) do not match: Date.parse reads them as NaN and PostgreSQL refuses them.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
/** The longest form accepted: 2026-03-10T08:00:00.123456789+07:00. */
const MAX_LENGTH = 35;
/** Real zones run from UTC-12:00 to UTC+14:00; PostgreSQL refuses offsets past 15:59. */
const MAX_OFFSET_MINUTES = 14 * 60;
/** Years 0001-9999 in UTC: the range both Date#toISOString and PostgreSQL write and read as four digits. */
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysInMonth = (year: number, month: number) => (month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);

/**
 * An ISO 8601 timestamp with a zone: a bare date or local time would depend on the server's zone.
 * The calendar is checked here because Date.parse rolls 2026-02-30 over to 2 March, where
 * PostgreSQL refuses it; a leap second (:60) and 24:00 are refused, as Date.parse reads neither
 * the way PostgreSQL does.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return false;
  const m = INSTANT.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = m.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 59 || offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > MAX_OFFSET_MINUTES) return false;
  const ms = Date.parse(value);
  return ms >= EARLIEST && ms <= LATEST;
}

const INSTANT_MESSAGE = 'must be an ISO 8601 timestamp with a time zone, e.g. 2026-01-01T00:00:00Z';

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: INSTANT_MESSAGE, ...options },
      validator: { validate: (value: unknown) => isInstant(value) },
    });
}
