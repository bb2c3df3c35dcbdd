import fc from 'fast-check';
import { MONITORING_RULES_V1 as RULES } from './rule-set.constant';
import { detectMisuse } from './monitor.util';
import { prepareEntries } from './rule-context.util';
import { learnBaseline } from './volume-rule.util';
import { MONDAY_10_LOCAL, entries } from './monitored-entry.fixture';
import { localSlot } from './local-time.util';

const slot = localSlot(MONDAY_10_LOCAL, RULES.timeZone.utcOffsetMinutes).slot;
const baselineOf = (expected: number) => ({ version: 't', hourly: { 'org-a': Array.from({ length: 168 }, (_, s) => (s === slot ? expected : 0)) } });
const volume = (n: number, expected: number | null) =>
  detectMisuse(entries(n, () => ({}), MONDAY_10_LOCAL, 60), RULES, expected === null ? { version: 't', hourly: {} } : baselineOf(expected)).filter((a) => a.ruleId === 'volume-anomaly');

describe('volume anomaly rule', () => {
  it('maps 03:00 UTC on 2 March 2026 to Monday 10:00 in Ho Chi Minh City', () => {
    expect(localSlot(MONDAY_10_LOCAL, 420)).toEqual({ hour: 10, dayOfWeek: 1, slot: 34 });
  });

  it('fires far above the organisation baseline for that hour and weekday', () => {
    const [alert] = volume(1000, 100);
    expect(alert).toMatchObject({ baseline: 100, counts: { accesses: 1000 }, severity: 'high' });
  });

  it('does not fire at three times a baseline, nor on a small excess, nor unknown organisations below the floor', () => {
    expect(volume(300, 100)).toEqual([]);
    expect(volume(200, 20)).toEqual([]);
    expect(volume(1500, null)).toEqual([]);
    expect(volume(2000, null)).toHaveLength(1);
  });

  it('never fires at or below factor x baseline (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (expected, share) => {
        const n = Math.floor(expected * RULES.volume.factor * share);
        return volume(n, expected).length === 0;
      }),
      { numRuns: 30 },
    );
  });

  it('learns the mean per weekday-hour slot, counting empty hours as zero', () => {
    const list = entries(10, () => ({}), MONDAY_10_LOCAL, 60);
    const week = 7 * 24 * 3_600_000;
    const baseline = learnBaseline(prepareEntries(list, RULES), RULES, { fromMs: MONDAY_10_LOCAL, toMs: MONDAY_10_LOCAL + 2 * week }, 'b1');
    expect(baseline.hourly['org-a']?.[slot]).toBe(5);
  });
});
