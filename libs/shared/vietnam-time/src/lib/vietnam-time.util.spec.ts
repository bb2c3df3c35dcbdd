import {
  VIETNAM_OFFSET_MS,
  addDays,
  isLocalDate,
  isMonth,
  nextMonth,
  startOfVietnamDay,
  startOfVietnamDayAt,
  startOfVietnamMonthAt,
  vietnamDate,
  vietnamMonth,
  vietnamYear,
} from './vietnam-time.util';

describe('Vietnam calendar (UTC+7, no daylight saving)', () => {
  it('has the offset of Asia/Ho_Chi_Minh for every instant from 1976 to 2100 (sampled monthly)', () => {
    for (let t = Date.UTC(1976, 0, 1); t < Date.UTC(2100, 0, 1); t += 30 * 86_400_000) {
      const at = new Date(t);
      expect(vietnamDate(at)).toBe(at.toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }));
    }
    expect(VIETNAM_OFFSET_MS).toBe(25_200_000);
  });

  it('turns the date, month and year at 17:00 UTC', () => {
    expect(vietnamDate(new Date('2026-12-31T16:59:59.999Z'))).toBe('2026-12-31');
    expect(vietnamDate(new Date('2026-12-31T17:00:00.000Z'))).toBe('2027-01-01');
    expect(vietnamYear(new Date('2026-12-31T16:59:59.999Z'))).toBe(2026);
    expect(vietnamYear(new Date('2026-12-31T17:00:00.000Z'))).toBe(2027);
  });

  it('finds where the local day and month of an instant began', () => {
    const lateOnTheLast = new Date('2026-11-30T20:00:00Z'); // 1 December, 03:00 in Vietnam
    expect(startOfVietnamDayAt(lateOnTheLast).toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(startOfVietnamMonthAt(lateOnTheLast).toISOString()).toBe('2026-11-30T17:00:00.000Z');
    const mid = new Date('2026-11-25T01:23:00Z');
    expect(startOfVietnamDayAt(mid).toISOString()).toBe('2026-11-24T17:00:00.000Z');
    expect(startOfVietnamMonthAt(mid).toISOString()).toBe('2026-10-31T17:00:00.000Z');
    expect(startOfVietnamMonthAt(new Date('2027-01-01T00:00:00Z')).toISOString()).toBe('2026-12-31T17:00:00.000Z');
  });

  it('starts a day at its first instant and no other', () => {
    const start = startOfVietnamDay('2028-02-29');
    expect(vietnamDate(start)).toBe('2028-02-29');
    expect(vietnamDate(new Date(start.getTime() - 1))).toBe('2028-02-28');
    expect(() => startOfVietnamDay('2027-02-29')).toThrow(RangeError);
  });

  it('checks dates and months, and steps through them', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2027-02-29')).toBe(false);
    expect(isLocalDate('2026-1-01')).toBe(false);
    expect(isMonth('2026-12')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(vietnamMonth('2026-02')).toEqual({
      month: '2026-02',
      from: new Date('2026-01-31T17:00:00Z'),
      to: new Date('2026-02-28T17:00:00Z'),
      firstDay: '2026-02-01',
      lastDay: '2026-02-28',
    });
  });
});
