/**
 * Asia/Ho_Chi_Minh has kept UTC+07:00 without daylight saving since 1975, so a fixed offset is
 * exact for every date this platform handles and needs no time-zone database.
 */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** A calendar date, 'YYYY-MM-DD'. */
export type LocalDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** The local calendar date in Vietnam of an instant. */
export function vietnamDate(at: Date): LocalDate {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar year in Vietnam at an instant: from 17:00 UTC on 31 December it is already the next. */
export function vietnamYear(at: Date): number {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).getUTCFullYear();
}

/** The instant the Vietnamese calendar day of `at` began (00:00 +07:00). */
export function startOfVietnamDayAt(at: Date): Date {
  return startOfVietnamDay(vietnamDate(at));
}

/** The instant the Vietnamese calendar month of `at` began (the 1st, 00:00 +07:00). */
export function startOfVietnamMonthAt(at: Date): Date {
  return startOfVietnamDay(`${vietnamDate(at).slice(0, 8)}01`);
}

export function isLocalDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.toISOString().slice(0, 10) === value;
}

export function isMonth(value: string): boolean {
  const m = MONTH.exec(value);
  return !!m && +m[2] >= 1 && +m[2] <= 12;
}

/** The instant a local date starts in Vietnam (00:00 +07:00). */
export function startOfVietnamDay(date: LocalDate): Date {
  if (!isLocalDate(date)) throw new RangeError(`not a date: ${date}`);
  return new Date(Date.parse(`${date}T00:00:00Z`) - VIETNAM_OFFSET_MS);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A calendar month in Vietnam as a half-open interval of instants [from, to). */
export function vietnamMonth(month: string): { month: string; from: Date; to: Date; firstDay: LocalDate; lastDay: LocalDate } {
  if (!isMonth(month)) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  const firstDay = `${month}-01`;
  const nextFirst = `${nextMonth(month)}-01`;
  return { month, from: startOfVietnamDay(firstDay), to: startOfVietnamDay(nextFirst), firstDay, lastDay: addDays(nextFirst, -1) };
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
