import { MONITORING_RULES_V1 as RULES } from './rule-set.constant';
import { detectMisuse } from './monitor.util';
import { MONDAY_10_LOCAL, entries } from './monitored-entry.fixture';

const run = (list: ReturnType<typeof entries>, ruleId: string) => detectMisuse(list, RULES, { version: 't', hourly: {} }).filter((a) => a.ruleId === ruleId);

describe('purpose drift rule', () => {
  it('fires when fields do not fit the purpose, naming them', () => {
    const list = entries(50, (i) => (i < 20 ? { fields: ['fullName', 'spouseName'] } : {}), MONDAY_10_LOCAL, 60);
    const [alert] = run(list, 'purpose-drift');
    expect(alert).toMatchObject({ purpose: 'account-opening', counts: { accesses: 50, drifted: 20, unexpectedFields: 1 }, severity: 'medium' });
    expect(alert?.summary).toContain('spouseName');
  });

  it('treats a purpose missing from the map as drift with high severity', () => {
    expect(run(entries(20, () => ({ purpose: 'marketing' }), MONDAY_10_LOCAL, 60), 'purpose-drift')[0]?.severity).toBe('high');
  });

  it('does not fire when fields fit, or on a rare stray field', () => {
    expect(run(entries(300, () => ({ fields: ['fullName', 'permanentResidence'] }), MONDAY_10_LOCAL, 60), 'purpose-drift')).toEqual([]);
    expect(run(entries(300, (i) => (i < 9 ? { fields: ['spouseName'] } : {}), MONDAY_10_LOCAL, 60), 'purpose-drift')).toEqual([]);
  });
});

describe('sensitive fields rule', () => {
  it('fires when sensitive fields are asked often under purposes that do not need them', () => {
    const list = entries(100, (i) => (i < 40 ? { purpose: 'kyc', fields: ['fullName', 'religion'] } : {}), MONDAY_10_LOCAL, 60);
    expect(run(list, 'sensitive-fields')[0]).toMatchObject({ counts: { accesses: 100, sensitive: 40 }, severity: 'high' });
  });

  it('does not fire when the purpose needs the field (a hospital admission reads the health insurance number)', () => {
    const list = entries(100, () => ({ purpose: 'patient-admission', fields: ['fullName', 'healthInsuranceNumber'] }), MONDAY_10_LOCAL, 60);
    expect(run(list, 'sensitive-fields')).toEqual([]);
  });
});
