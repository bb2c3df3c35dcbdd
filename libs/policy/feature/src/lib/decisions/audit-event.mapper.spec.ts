import { Decision, Licence } from '@consentry/policy-domain';
import { CITIZEN_SELF_REFERENCE, decisionActor, toDecisionAuditEvent } from './audit-event.mapper';

const STAFF = '5f0c2b7e-1d3a-4c8e-9b6f-2a4d6e8f0a1c';

const licence = (legalBasis: Licence['legalBasis']): Licence => ({
  id: 'f5a0c3de-0000-4000-8000-000000000001',
  organisationId: 'f5a0c3de-0000-4000-8000-000000000002',
  version: 3,
  status: 'active',
  organisationKind: legalBasis === 'legal-duty' ? 'state-agency' : 'enterprise',
  legalBasis,
  legalReference: legalBasis === 'legal-duty' ? 'Decree 13/2023' : '',
  grants: [{ purposeCode: 'p', operations: ['lookup'], fields: ['fullName'] }],
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2027-01-01T00:00:00.000Z',
});

const decision = (over: Partial<Decision>): Decision => ({
  effect: 'allow',
  allowedFields: ['fullName'],
  deniedFields: [],
  obligations: [],
  reasons: [{ code: 'CONSENT_GRANTED', message: '...' }],
  basis: 'consent',
  licenceId: null,
  licenceVersion: null,
  consentId: 'c1',
  policyVersion: 'none+r1',
  ...over,
});

const event = (d: Decision, l?: Licence, requestId = 'req-1', requested = ['fullName', 'religion']) =>
  toDecisionAuditEvent({
    eventId: '9b2e1c5a-0000-4000-8000-000000000009',
    occurredAt: new Date('2026-03-01T10:00:00Z'),
    requestId,
    organisationId: 'f5a0c3de-0000-4000-8000-000000000002',
    purposeCode: 'p',
    requestedFields: requested,
    decision: d,
    licence: l,
    citizenPseudonym: 'a'.repeat(64),
    actor: { role: 'regulator', subject: STAFF },
  });

describe('toDecisionAuditEvent', () => {
  it('records an allow with the allowed fields and the consent relied on', () => {
    expect(event(decision({}), licence('consent'))).toEqual({
      eventId: '9b2e1c5a-0000-4000-8000-000000000009',
      occurredAt: '2026-03-01T10:00:00.000Z',
      organisationId: 'f5a0c3de-0000-4000-8000-000000000002',
      operation: 'decision',
      purpose: 'p',
      legalBasis: { kind: 'consent', consentId: 'c1' },
      decision: 'allow',
      reasonCode: 'CONSENT_GRANTED',
      fields: ['fullName'],
      fee: null,
      requestId: 'req-1',
      citizenPseudonym: 'a'.repeat(64),
      actor: { role: 'regulator', subject: STAFF },
    });
  });

  it('records a denial with the catalogue fields asked, once each, under the duty the licence claimed', () => {
    const denied = decision({ effect: 'deny', allowedFields: [], basis: null, consentId: null, reasons: [{ code: 'ORGANISATION_SUSPENDED', message: '' }] });
    const e = event(denied, licence('legal-duty'), 'req-2', ['fullName', 'shoeSize', 'fullName', 'religion']);
    expect(e).toMatchObject({ decision: 'deny', reasonCode: 'ORGANISATION_SUSPENDED', fields: ['fullName', 'religion'], legalBasis: { kind: 'legal-duty', reference: 'Decree 13/2023' } });
    expect(event(denied, undefined).legalBasis).toEqual({ kind: 'consent', consentId: null });
  });

  it("names the citizen's own access as its legal basis", () => {
    expect(event(decision({ basis: 'citizen-self', consentId: null }), undefined).legalBasis).toEqual({ kind: 'legal-duty', reference: CITIZEN_SELF_REFERENCE });
  });

  it('names the member of staff who asked as the actor, in the form the audit log accepts, or no one', () => {
    expect(decisionActor({ role: 'operator', accountId: STAFF.toUpperCase() })).toEqual({ role: 'operator', subject: STAFF });
    expect(decisionActor({ role: 'regulator', accountId: STAFF })).toEqual({ role: 'regulator', subject: STAFF });
    expect(decisionActor({ role: 'citizen', accountId: STAFF })).toBeUndefined();
    for (const accountId of ['a1', '001090012345', `${STAFF}\n`, `operator:${STAFF}`, '']) {
      expect(decisionActor({ role: 'operator', accountId })).toBeUndefined();
    }
  });

  it('replaces a request id the audit log would refuse with the event id', () => {
    expect(event(decision({}), undefined, '-leading-dash').requestId).toBe('9b2e1c5a-0000-4000-8000-000000000009');
    expect(event(decision({}), undefined, 'ok.id_1').requestId).toBe('ok.id_1');
  });
});
