import fc from 'fast-check';
import { MONITORING_RULES_V1 as RULES } from './rule-set.constant';
import { detectMisuse } from './monitor.util';
import { entries } from './monitored-entry.fixture';

const NO_BASELINE = { version: 't', hourly: {} };
const denials = (list: ReturnType<typeof entries>) => detectMisuse(list, RULES, NO_BASELINE).filter((a) => a.ruleId === 'denials');

describe('denials rule', () => {
  it('fires on many consent denials in one window, with the evidence', () => {
    const list = entries(40, (i) => (i < 30 ? { decision: 'deny', reasonCode: 'CONSENT_MISSING' } : {}));
    const [alert] = denials(list);
    expect(alert).toMatchObject({ ruleId: 'denials', ruleVersion: 1, ruleSetVersion: RULES.version, organisationId: 'org-a', counts: { accesses: 40, denials: 30 }, severity: 'medium' });
    expect(alert?.entryIndexes).toEqual(list.slice(0, 30).map((e) => e.index));
    expect(alert?.windowEnd).toBe('2026-03-02T03:15:00.000Z');
  });

  it('does not fire on denials that are not about consent or licence, nor on a low share', () => {
    expect(denials(entries(40, () => ({ decision: 'deny', reasonCode: 'INVALID_INPUT' })))).toEqual([]);
    expect(denials(entries(400, (i) => (i < 30 ? { decision: 'deny', reasonCode: 'CONSENT_MISSING' } : {})))).toEqual([]);
  });

  it('never fires below the minimum count (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: RULES.denials.minDenials - 1 }), fc.integer({ min: 0, max: 50 }), (denied, allowed) => {
        const list = entries(denied + allowed, (i) => (i < denied ? { decision: 'deny', reasonCode: 'CONSENT_REVOKED' } : {}));
        return denials(list).length === 0;
      }),
      { numRuns: 50 },
    );
  });
});
