import fc from 'fast-check';
import { MONITORING_RULES_V1 as RULES, MONITORING_RULES_V2 } from './rule-set.constant';
import { detectMisuse } from './monitor.util';
import { MONDAY_10_LOCAL, entries } from './monitored-entry.fixture';

const enumeration = (list: ReturnType<typeof entries>) => detectMisuse(list, RULES, { version: 't', hourly: {} }).filter((a) => a.ruleId === 'enumeration');

describe('enumeration rule', () => {
  it('fires on many distinct citizens with mostly no_match answers', () => {
    const list = entries(200, (i) => ({ noMatch: i % 2 === 0 }), MONDAY_10_LOCAL, 60);
    const [alert] = enumeration(list);
    expect(alert).toMatchObject({ counts: { accesses: 200, distinctCitizens: 200, misses: 100, denials: 0 }, severity: 'high' });
    expect(alert?.entryIndexes).toHaveLength(100);
  });

  it('counts citizen-not-found and denials as misses', () => {
    const list = entries(150, (i) => (i % 3 === 0 ? { decision: 'deny', reasonCode: 'CITIZEN_NOT_FOUND' } : i % 3 === 1 ? { decision: 'deny', reasonCode: 'CONSENT_MISSING' } : {}), MONDAY_10_LOCAL, 60);
    expect(enumeration(list)).toHaveLength(1);
  });

  it('does not fire on few citizens, or on the same citizen again and again', () => {
    expect(enumeration(entries(80, () => ({ noMatch: true }), MONDAY_10_LOCAL, 60))).toEqual([]);
    expect(enumeration(entries(500, () => ({ noMatch: true, citizenPseudonym: 'same' }), MONDAY_10_LOCAL, 60))).toEqual([]);
  });

  it('never fires when the miss ratio is below the threshold (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 600 }), fc.double({ min: 0, max: 0.99, noNaN: true }), (n, share) => {
        const misses = Math.floor(n * RULES.enumeration.minFailureRatio * share);
        return enumeration(entries(n, (i) => ({ noMatch: i < misses }), MONDAY_10_LOCAL, 60)).length === 0;
      }),
      { numRuns: 30 },
    );
  });

  describe('version 2: sequential ID numbers marked by the gateway', () => {
    const v2 = (list: ReturnType<typeof entries>) => detectMisuse(list, MONITORING_RULES_V2, { version: 't', hourly: {} }).filter((a) => a.ruleId === 'enumeration');
    const min = MONITORING_RULES_V2.enumeration.minSequentialIds as number;

    it('fires on a scan through neighbouring numbers even when every answer matches, citing the marked entries', () => {
      const scan = entries(min + 10, (i) => ({ sequentialId: i > 0 }), MONDAY_10_LOCAL, 60);
      const [alert] = v2(scan);
      expect(alert).toMatchObject({ ruleVersion: 2, ruleSetVersion: MONITORING_RULES_V2.version, counts: { sequentialIds: min + 9, misses: 0 }, thresholds: { minSequentialIds: min } });
      expect(alert?.entryIndexes).toEqual(scan.slice(1).map((e) => e.index));
      expect(alert?.summary).toContain(`${min + 9} asked right after a neighbouring ID number`);
      // Version 1 did not look at the mark: the same entries raise nothing under it.
      expect(enumeration(scan)).toEqual([]);
    });

    it('does not fire below the threshold, nor on marks spread over windows', () => {
      expect(v2(entries(min - 1, () => ({ sequentialId: true }), MONDAY_10_LOCAL, 60))).toEqual([]);
      expect(v2(entries(2 * min - 2, () => ({ sequentialId: true }), MONDAY_10_LOCAL + 30 * 60_000, 60))).toEqual([]);
    });
  });
});
