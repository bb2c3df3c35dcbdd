import { BREACH_REMINDER_POLICY_V1, breachStatus, dueBreachEvent } from './breach-deadline.util';

const notifyBy = '2026-03-13T00:00:00.000Z';
const hoursBefore = (h: number) => new Date(Date.parse(notifyBy) - h * 3_600_000).toISOString();
const open = { notifyBy, authorityNotifiedAt: null };

describe('breach deadline events', () => {
  it('sends nothing while the deadline is more than 24 hours away', () => {
    expect(dueBreachEvent(open, hoursBefore(30), [])).toBeNull();
  });

  it('reminds 24 hours before, once', () => {
    expect(dueBreachEvent(open, hoursBefore(24), [])).toBe('reminder-24h');
    expect(dueBreachEvent(open, hoursBefore(20), ['reminder-24h'])).toBeNull();
  });

  it('reminds again 6 hours before, once', () => {
    expect(dueBreachEvent(open, hoursBefore(5), ['reminder-24h'])).toBe('reminder-6h');
    expect(dueBreachEvent(open, hoursBefore(1), ['reminder-24h', 'reminder-6h'])).toBeNull();
  });

  it('skips a superseded reminder when the sweep comes late', () => {
    expect(dueBreachEvent(open, hoursBefore(3), [])).toBe('reminder-6h');
    expect(dueBreachEvent(open, hoursBefore(2), ['reminder-6h'])).toBeNull();
  });

  it('escalates once when the deadline has passed, whatever was sent before', () => {
    expect(dueBreachEvent(open, notifyBy, [])).toBe('escalated');
    expect(dueBreachEvent(open, hoursBefore(-10), ['reminder-24h'])).toBe('escalated');
    expect(dueBreachEvent(open, hoursBefore(-11), ['escalated'])).toBeNull();
  });

  it('stops everything once the authority is notified', () => {
    const notified = { notifyBy, authorityNotifiedAt: hoursBefore(30) };
    expect(dueBreachEvent(notified, hoursBefore(5), [])).toBeNull();
    expect(dueBreachEvent(notified, hoursBefore(-5), [])).toBeNull();
    expect(breachStatus(notified, hoursBefore(-5))).toBe('notified');
  });

  it('follows the schedule given as data', () => {
    const policy = { ...BREACH_REMINDER_POLICY_V1, remindHoursBefore: [48, 12, 1] };
    expect(dueBreachEvent(open, hoursBefore(40), [], policy)).toBe('reminder-48h');
    expect(dueBreachEvent(open, hoursBefore(0.5), ['reminder-48h', 'reminder-12h'], policy)).toBe('reminder-1h');
  });

  it('classifies open, due soon and overdue breaches', () => {
    expect(breachStatus(open, hoursBefore(25))).toBe('open');
    expect(breachStatus(open, hoursBefore(24))).toBe('due-soon');
    expect(breachStatus(open, notifyBy)).toBe('overdue');
  });
});
