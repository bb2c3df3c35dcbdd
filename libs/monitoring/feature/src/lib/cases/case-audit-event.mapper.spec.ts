import { validateAuditEvent } from '@consentry/audit-domain';
import { caseActionAuditEvent } from './case-audit-event.mapper';

describe('caseActionAuditEvent', () => {
  const base = { eventId: '5b0d7a4e-3c2f-4f5e-9d1a-0c6b2f1e8a90', at: '2026-03-10T01:02:03.000Z', caseId: 'c0ffee00-0000-4000-8000-000000000001' };

  it('is a valid audit event naming the action and the case, not the organisation investigated', () => {
    const event = caseActionAuditEvent({ ...base, action: 'require-consent-recheck' });
    const checked = validateAuditEvent(event);
    expect(checked.ok).toBe(true);
    expect(event).toMatchObject({ organisationId: 'regulator', operation: 'decision', decision: 'allow', reasonCode: 'CASE_REQUIRE_CONSENT_RECHECK', requestId: `case-${base.caseId}`, citizenPseudonym: null });
  });

  it('records a suspension as a deny', () => {
    expect(caseActionAuditEvent({ ...base, action: 'suspend-api-key' }).decision).toBe('deny');
    expect(caseActionAuditEvent({ ...base, action: 'lift-suspension' }).decision).toBe('allow');
  });
});
