import fc from 'fast-check';
import { MONITORING_RULES_V1 as RULES } from './rule-set.constant';
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
});
