import { MONITORING_RULES_V1 as RULES } from './rule-set.constant';
import { detectMisuse } from './monitor.util';
import { MONDAY_10_LOCAL, TUESDAY_02_LOCAL, entries } from './monitored-entry.fixture';
import { localSlot } from './local-time.util';

const offHours = (start: number, n: number, night = 0) => {
  const slot = localSlot(TUESDAY_02_LOCAL, RULES.timeZone.utcOffsetMinutes).slot;
  const baseline = { version: 't', hourly: { 'org-a': Array.from({ length: 168 }, (_, s) => (s === slot ? night : 50)) } };
  return detectMisuse(entries(n, () => ({}), start, 60), RULES, baseline).filter((a) => a.ruleId === 'off-hours-bulk');
};

describe('off-hours bulk rule', () => {
  it('fires on bulk access at 02:00 in Ho Chi Minh City', () => {
    const [alert] = offHours(TUESDAY_02_LOCAL, 300, 2);
    expect(alert).toMatchObject({ counts: { accesses: 300, localHour: 2 }, baseline: 2, severity: 'high' });
    expect(alert?.entryIndexes).toHaveLength(300);
  });

  it('does not fire on the same volume in business hours, nor for an organisation that works at night', () => {
    expect(offHours(MONDAY_10_LOCAL, 300, 2)).toEqual([]);
    expect(offHours(TUESDAY_02_LOCAL, 300, 120)).toEqual([]);
    expect(offHours(TUESDAY_02_LOCAL, 150, 0)).toEqual([]);
  });
});
