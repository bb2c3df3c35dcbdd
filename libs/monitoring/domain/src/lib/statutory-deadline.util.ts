/**
 * Statutory deadlines (Law 91/2025/QH15, Decree 356/2025). Periods are data: when the law or its
 * reading changes, publish a new version; each request keeps the version it was filed under.
 */
export const DATA_SUBJECT_REQUEST_KINDS = ['access', 'correction', 'copy', 'erasure', 'restriction', 'objection', 'withdrawal'] as const;
export type DataSubjectRequestKind = (typeof DATA_SUBJECT_REQUEST_KINDS)[number];

export interface DeadlineRules {
  version: string;
  acknowledgeWorkingDays: number;
  answerWorkingDays: Record<DataSubjectRequestKind, number>;
  /** Hours from discovery of a personal-data breach to notifying the authority. */
  breachNotificationHours: number;
}

export const DEADLINE_RULES_V1: DeadlineRules = Object.freeze({
  version: 'law-91-2025.1',
  acknowledgeWorkingDays: 2,
  // DOMAIN.md: withdraw / restrict / object within 15 days; access / correct / copy / erase within
  // 10 to 20 days. The strictest reading (10) is used until the authority says otherwise.
  answerWorkingDays: { access: 10, correction: 10, copy: 10, erasure: 10, restriction: 15, objection: 15, withdrawal: 15 },
  breachNotificationHours: 72,
}) as DeadlineRules;

/** Working-day calendar: weekend days and public holidays are data (lunar holidays move yearly). */
export interface WorkingCalendar {
  utcOffsetMinutes: number;
  /** 0 = Sunday ... 6 = Saturday. */
  weekendDays: readonly number[];
  /** Local dates (YYYY-MM-DD) that are public holidays or official days off. */
  holidays: readonly string[];
}

const DAY = 86_400_000;

function localDate(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/**
 * The instant by which something received at `receivedAt` must be done within `days` working
 * days: the end (next local midnight) of the `days`-th working day after the day of receipt.
 */
export function workingDayDeadline(receivedAt: string, days: number, calendar: WorkingCalendar): string {
  const offset = calendar.utcOffsetMinutes * 60_000;
  const holidays = new Set(calendar.holidays);
  const weekend = new Set(calendar.weekendDays);
  // Local midnight of the receipt day, as a UTC instant.
  let dayStart = Math.floor((Date.parse(receivedAt) + offset) / DAY) * DAY - offset;
  let left = days;
  while (left > 0) {
    dayStart += DAY;
    const local = new Date(dayStart + offset);
    if (weekend.has(local.getUTCDay()) || holidays.has(localDate(dayStart, calendar.utcOffsetMinutes))) continue;
    left -= 1;
  }
  return new Date(dayStart + DAY).toISOString();
}

export function dataSubjectRequestDeadlines(kind: DataSubjectRequestKind, filedAt: string, calendar: WorkingCalendar, rules: DeadlineRules = DEADLINE_RULES_V1) {
  return {
    acknowledgeBy: workingDayDeadline(filedAt, rules.acknowledgeWorkingDays, calendar),
    answerBy: workingDayDeadline(filedAt, rules.answerWorkingDays[kind], calendar),
    rulesVersion: rules.version,
  };
}

/** Breach: calendar hours, not working days: the 72 hours run through weekends and holidays. */
export function breachNotificationDeadline(discoveredAt: string, rules: DeadlineRules = DEADLINE_RULES_V1): string {
  return new Date(Date.parse(discoveredAt) + rules.breachNotificationHours * 3_600_000).toISOString();
}
