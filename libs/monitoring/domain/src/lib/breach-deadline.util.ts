/**
 * Reminders before the 72-hour deadline to notify the authority of a breach, and escalation once
 * it has passed. The schedule is data (versioned) so a regulator's guidance changes it without code.
 */
export interface BreachReminderPolicy {
  version: string;
  /** Hours before the deadline at which the reporter is reminded, e.g. [24, 6]. */
  remindHoursBefore: readonly number[];
  /** A breach within this many hours of its deadline is "due soon" on the regulator's list. */
  dueSoonHours: number;
}

export const BREACH_REMINDER_POLICY_V1: BreachReminderPolicy = Object.freeze({
  version: 'breach-reminders.1',
  remindHoursBefore: Object.freeze([24, 6]),
  dueSoonHours: 24,
});

/** A recorded deadline event: `reminder-24h`, `reminder-6h`, ... or `escalated` (overdue). */
export type BreachDeadlineEventKind = `reminder-${number}h` | 'escalated';

export interface BreachDeadlineState {
  notifyBy: string;
  authorityNotifiedAt: string | null;
}

export type BreachStatus = 'notified' | 'overdue' | 'due-soon' | 'open';

const HOUR = 3_600_000;

export function reminderKind(hoursBefore: number): BreachDeadlineEventKind {
  return `reminder-${hoursBefore}h`;
}

export function breachStatus(breach: BreachDeadlineState, now: string, policy: BreachReminderPolicy = BREACH_REMINDER_POLICY_V1): BreachStatus {
  if (breach.authorityNotifiedAt) return 'notified';
  const left = Date.parse(breach.notifyBy) - Date.parse(now);
  if (left <= 0) return 'overdue';
  return left <= policy.dueSoonHours * HOUR ? 'due-soon' : 'open';
}

/**
 * The deadline event to record now, if any: escalation once overdue; otherwise the most urgent
 * reminder whose time has come. A reminder superseded by a more urgent one already sent (or due
 * now: a breach reported late, or a sweep that did not run) is not sent: one message, the
 * latest news. Returns null when there is nothing new, so a sweep that repeats sends nothing twice.
 */
export function dueBreachEvent(
  breach: BreachDeadlineState,
  now: string,
  alreadyRecorded: readonly string[],
  policy: BreachReminderPolicy = BREACH_REMINDER_POLICY_V1,
): BreachDeadlineEventKind | null {
  if (breach.authorityNotifiedAt) return null;
  const recorded = new Set(alreadyRecorded);
  const left = Date.parse(breach.notifyBy) - Date.parse(now);
  if (left <= 0) return recorded.has('escalated') ? null : 'escalated';
  if (recorded.has('escalated')) return null;
  const passed = [...policy.remindHoursBefore].sort((a, b) => a - b).filter((h) => left <= h * HOUR);
  if (passed.length === 0) return null;
  const mostUrgent = passed[0];
  const moreUrgentSent = policy.remindHoursBefore.some((h) => h <= mostUrgent && recorded.has(reminderKind(h)));
  return moreUrgentSent ? null : reminderKind(mostUrgent);
}
