import { MONITORING_RULES_V1 as RULES } from './rule-set.constant';
import { detectMisuse } from './monitor.util';
import { entries } from './monitored-entry.fixture';

const fanOut = (list: ReturnType<typeof entries>) => detectMisuse(list, RULES, { version: 't', hourly: {} }).filter((a) => a.ruleId === 'citizen-fan-out');

describe('citizen fan-out rule', () => {
  it('fires when one citizen is looked up by many organisations within the window', () => {
    const [alert] = fanOut(entries(5, (i) => ({ organisationId: `org-${i}`, citizenPseudonym: 'p-shared' })));
    expect(alert).toMatchObject({ citizenPseudonym: 'p-shared', organisationId: null, counts: { accesses: 5, organisations: 5 } });
  });

  it('does not fire for fewer organisations, nor for one organisation many times, nor across windows', () => {
    expect(fanOut(entries(4, (i) => ({ organisationId: `org-${i}`, citizenPseudonym: 'p-shared' })))).toEqual([]);
    expect(fanOut(entries(20, () => ({ citizenPseudonym: 'p-shared' })))).toEqual([]);
    expect(fanOut(entries(5, (i) => ({ organisationId: `org-${i}`, citizenPseudonym: 'p-shared' }), Date.parse('2026-03-02T03:00:00Z'), 5 * 60))).toEqual([]);
  });

  it('ignores consent changes and bare decisions: they are not accesses', () => {
    expect(fanOut(entries(6, (i) => ({ organisationId: `org-${i}`, citizenPseudonym: 'p-shared', operation: 'consent-change' })))).toEqual([]);
  });
});
