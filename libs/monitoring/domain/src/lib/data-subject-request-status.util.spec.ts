import { dataSubjectRequestStatus, isOverdue } from './data-subject-request-status.util';
import { dataSubjectRequestDeadlines } from './statutory-deadline.util';
import { VIETNAM_PUBLIC_HOLIDAYS, VIETNAM_WORKING_CALENDAR } from './vietnam-public-holidays.constant';

describe('data-subject request deadlines on the Vietnamese calendar', () => {
  it('skips Tet 2026: filed on Friday 13 Feb, acknowledged by the end of Tuesday 24 Feb (Vietnam time)', () => {
    // Working days after Fri 13 Feb: Mon 16 - Fri 20 are Tet, so Mon 23 and Tue 24.
    const d = dataSubjectRequestDeadlines('access', '2026-02-13T03:00:00Z', VIETNAM_WORKING_CALENDAR);
    expect(d.acknowledgeBy).toBe('2026-02-24T17:00:00.000Z');
  });

  it('skips the Hung Kings day in lieu and 30/4 - 1/5 2026', () => {
    // Filed Fri 24 Apr: Mon 27 (in lieu), Thu 30, Fri 1 off; working days Tue 28, Wed 29.
    const d = dataSubjectRequestDeadlines('erasure', '2026-04-24T02:00:00Z', VIETNAM_WORKING_CALENDAR);
    expect(d.acknowledgeBy).toBe('2026-04-29T17:00:00.000Z');
  });

  it('counts the receipt day in Vietnam time, not UTC', () => {
    // 18:00 UTC on Thu 5 Mar is already Fri 6 Mar in Hanoi: Mon 9 and Tue 10 are the two working days.
    const d = dataSubjectRequestDeadlines('copy', '2026-03-05T18:00:00Z', VIETNAM_WORKING_CALENDAR);
    expect(d.acknowledgeBy).toBe('2026-03-10T17:00:00.000Z');
  });

  it('lists only weekdays, each once, sorted, in 2026 and 2027', () => {
    const dates = VIETNAM_PUBLIC_HOLIDAYS.map((h) => h.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    for (const date of dates) {
      expect(date).toMatch(/^202[67]-\d\d-\d\d$/);
      expect([0, 6]).not.toContain(new Date(date + 'T00:00:00Z').getUTCDay());
    }
  });
});

describe('data-subject request status', () => {
  const request = { acknowledgeBy: '2026-03-10T17:00:00.000Z', answerBy: '2026-03-20T17:00:00.000Z', acknowledgedAt: null, answeredAt: null };

  it('moves from filed to acknowledgement-overdue when nobody acknowledges in time', () => {
    expect(dataSubjectRequestStatus(request, '2026-03-10T16:59:59Z')).toBe('filed');
    expect(dataSubjectRequestStatus(request, '2026-03-10T17:00:00Z')).toBe('acknowledgement-overdue');
    expect(isOverdue('acknowledgement-overdue')).toBe(true);
  });

  it('is answer-overdue past the answer deadline even when acknowledged', () => {
    const acknowledged = { ...request, acknowledgedAt: '2026-03-09T00:00:00Z' };
    expect(dataSubjectRequestStatus(acknowledged, '2026-03-15T00:00:00Z')).toBe('acknowledged');
    expect(dataSubjectRequestStatus(acknowledged, '2026-03-21T00:00:00Z')).toBe('answer-overdue');
  });

  it('is never overdue once answered', () => {
    const answered = { ...request, acknowledgedAt: '2026-03-09T00:00:00Z', answeredAt: '2026-03-25T00:00:00Z' };
    expect(dataSubjectRequestStatus(answered, '2026-04-01T00:00:00Z')).toBe('answered');
    expect(isOverdue('answered')).toBe(false);
  });
});
