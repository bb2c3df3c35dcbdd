import fc from 'fast-check';
import { breachNotificationDeadline, dataSubjectRequestDeadlines, workingDayDeadline, type WorkingCalendar } from './statutory-deadline.util';

// Illustrative calendar: 30 April and 1 May 2026 as days off.
const VN: WorkingCalendar = { utcOffsetMinutes: 420, weekendDays: [0, 6], holidays: ['2026-04-30', '2026-05-01'] };

describe('statutory deadlines', () => {
  it('counts working days in Ho Chi Minh City time, skipping weekends', () => {
    // Friday 27 Feb 2026 16:00 local: 2 working days -> end of Tuesday 3 March local.
    expect(workingDayDeadline('2026-02-27T09:00:00Z', 2, VN)).toBe('2026-03-03T17:00:00.000Z');
  });

  it('uses the local date: 23:30 UTC on Friday is already Saturday in Vietnam', () => {
    expect(workingDayDeadline('2026-02-27T17:30:00Z', 2, VN)).toBe('2026-03-03T17:00:00.000Z');
    expect(workingDayDeadline('2026-02-27T16:30:00Z', 2, VN)).toBe('2026-03-03T17:00:00.000Z');
  });

  it('skips public holidays given as data', () => {
    // Wednesday 29 April: Thursday and Friday are holidays, so 2 working days end on Tuesday 5 May.
    expect(workingDayDeadline('2026-04-29T03:00:00Z', 2, VN)).toBe('2026-05-05T17:00:00.000Z');
  });

  it('gives acknowledgement and answer deadlines per request kind', () => {
    expect(dataSubjectRequestDeadlines('erasure', '2026-03-02T03:00:00Z', VN)).toEqual({ acknowledgeBy: '2026-03-04T17:00:00.000Z', answerBy: '2026-03-16T17:00:00.000Z', rulesVersion: 'law-91-2025.1' });
  });

  it('runs the breach clock 72 hours straight through weekends', () => {
    expect(breachNotificationDeadline('2026-02-27T09:00:00Z')).toBe('2026-03-02T09:00:00.000Z');
  });

  it('never ends before the calendar-day count, nor on a weekend (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2025-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }), fc.integer({ min: 1, max: 30 }), (at, days) => {
        const end = Date.parse(workingDayDeadline(at.toISOString(), days, VN));
        const lastDay = new Date(end - 1 + 420 * 60_000).getUTCDay();
        return end - at.getTime() > days * 86_400_000 && lastDay !== 0 && lastDay !== 6;
      }),
    );
  });
});
