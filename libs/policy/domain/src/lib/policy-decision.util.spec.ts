import { aConsent, aLicence, aRequest, aStateAgencyLicence, NOW } from './policy-test.fixture';
import { createPolicyEvaluator } from './policy-evaluator.util';
import type { Decision, DecisionRequest } from './policy.types';
import { REASON_CODES, type ReasonCode } from './reason-code.constant';

const evaluator = createPolicyEvaluator();
const seen = new Set<ReasonCode>();
const decide = (request: DecisionRequest): Decision => {
  const decision = evaluator.decide(request);
  for (const r of decision.reasons) seen.add(r.code);
  for (const d of decision.deniedFields) seen.add(d.reasonCode);
  return decision;
};
const codes = (d: Decision) => d.reasons.map((r) => r.code);

describe('whole-request denials: one case per reason code', () => {
  const cases: [ReasonCode, Partial<DecisionRequest>][] = [
    ['NO_FIELDS_REQUESTED', { fields: [] }],
    ['ORGANISATION_SUSPENDED', { suspension: { suspensionId: 'SUS-9', since: '2026-02-20T00:00:00Z' } }],
    ['LICENCE_MISSING', { licence: undefined }],
    ['LICENCE_ORGANISATION_MISMATCH', { licence: aLicence({ organisationId: 'ORG-OTHER' }) }],
    ['LICENCE_SUSPENDED', { licence: aLicence({ status: 'suspended' }) }],
    ['LICENCE_REVOKED', { licence: aLicence({ status: 'revoked' }) }],
    ['LICENCE_NOT_YET_VALID', { licence: aLicence({ validFrom: '2026-06-01T00:00:00Z' }) }],
    ['LICENCE_EXPIRED', { licence: aLicence({ validTo: NOW }) }],
    ['LEGAL_DUTY_NOT_ELIGIBLE', { licence: aLicence({ legalBasis: 'legal-duty' }) }],
    ['PURPOSE_NOT_LICENSED', { purposeCode: 'MARKETING', consent: aConsent({ purposeCode: 'MARKETING' }) }],
    ['OPERATION_NOT_LICENSED', { operation: 'batch' }],
    ['CONSENT_MISSING', { consent: undefined }],
    ['CONSENT_PURPOSE_MISMATCH', { consent: aConsent({ purposeCode: 'CREDIT' }) }],
    ['CONSENT_PENDING', { consent: aConsent({ state: 'PENDING' }) }],
    ['CONSENT_REJECTED', { consent: aConsent({ state: 'REJECTED' }) }],
    ['CONSENT_REVOKED', { consent: aConsent({ state: 'REVOKED' }) }],
    ['CONSENT_PAUSED', { consent: aConsent({ state: 'PAUSED' }) }],
    ['CONSENT_EXPIRED', { consent: aConsent({ state: 'EXPIRED' }) }],
    ['CONSENT_EXPIRED', { consent: aConsent({ validTo: NOW }) }],
    ['CONSENT_NOT_YET_VALID', { consent: aConsent({ validFrom: '2026-03-02T00:00:00Z' }) }],
    ['OPERATION_NOT_CONSENTED', { consent: aConsent({ operations: ['verify'] }) }],
    ['CONSENT_FREQUENCY_EXCEEDED', { consent: aConsent({ usesInPeriod: 5 }) }],
    ['CONSENT_FREQUENCY_EXCEEDED', { consent: aConsent({ frequency: { limit: 1, period: 'once' }, usesInPeriod: 1 }) }],
  ];

  it.each(cases)('%s denies every field', (code, overrides) => {
    const request = aRequest(overrides);
    const decision = decide(request);
    expect(decision.effect).toBe('deny');
    expect(decision.allowedFields).toEqual([]);
    expect(decision.obligations).toEqual([]);
    expect(codes(decision)).toContain(code);
    expect(decision.reasons.every((r) => r.message.length > 0)).toBe(true);
    for (const denied of decision.deniedFields) expect(denied.reasonCode).toBe(decision.reasons[0].code);
    expect(decision.deniedFields.map((d) => d.field)).toEqual(request.fields);
    expect(decision.policyVersion).toBe('policy-2026-01');
  });

  it('reports every whole-request problem, not just the first', () => {
    const decision = decide(
      aRequest({
        suspension: { suspensionId: 'SUS-1', since: '2026-01-01T00:00:00Z' },
        licence: aLicence({ status: 'revoked', validTo: '2026-02-01T00:00:00Z' }),
        consent: aConsent({ state: 'REVOKED' }),
      }),
    );
    expect(codes(decision)).toEqual(['ORGANISATION_SUSPENDED', 'LICENCE_REVOKED', 'LICENCE_EXPIRED', 'CONSENT_REVOKED']);
    expect(decision.deniedFields[0].reasonCode).toBe('ORGANISATION_SUSPENDED');
  });

  it('treats a licence status it does not know as suspended', () => {
    const decision = decide(aRequest({ licence: aLicence({ status: 'frozen' as never }) }));
    expect(codes(decision)).toEqual(['LICENCE_SUSPENDED']);
  });

  it('fails closed on an unreadable clock or dates', () => {
    expect(decide(aRequest({ now: 'not a date' })).effect).toBe('deny');
    expect(codes(decide(aRequest({ consent: aConsent({ validTo: 'soon' }) })))).toContain('CONSENT_EXPIRED');
  });
});

describe('allowed and partially allowed requests', () => {
  it('allows the intersection of licence and consent under consent', () => {
    const decision = decide(aRequest({ fields: ['fullName', 'dateOfBirth'] }));
    expect(decision).toMatchObject({
      effect: 'allow',
      allowedFields: ['fullName', 'dateOfBirth'],
      deniedFields: [],
      basis: 'consent',
      consentId: 'CON-1',
      licenceId: 'LIC-BANK-1',
      licenceVersion: 1,
    });
    expect(codes(decision)).toEqual(['CONSENT_GRANTED']);
  });

  it('partially allows and names each denied field with its reason', () => {
    const decision = decide(
      aRequest({ fields: ['fullName', 'sex', 'healthInsuranceNumber', 'permanentResidence', 'bogus', 'fullName'], consent: aConsent({ fields: ['fullName'] }) }),
    );
    expect(decision.effect).toBe('allow');
    expect(decision.allowedFields).toEqual(['fullName']);
    expect(decision.deniedFields).toEqual([
      { field: 'sex', reasonCode: 'FIELD_NOT_LICENSED' },
      { field: 'healthInsuranceNumber', reasonCode: 'SENSITIVE_FIELD_NOT_NAMED' },
      { field: 'permanentResidence', reasonCode: 'FIELD_NOT_CONSENTED' },
      { field: 'bogus', reasonCode: 'FIELD_UNKNOWN' },
    ]);
    expect(codes(decision)).toEqual(['CONSENT_GRANTED', 'FIELD_NOT_LICENSED', 'SENSITIVE_FIELD_NOT_NAMED', 'FIELD_NOT_CONSENTED', 'FIELD_UNKNOWN']);
  });

  it('denies when no requested field survives, with field-level reasons only', () => {
    const decision = decide(aRequest({ fields: ['sex'] }));
    expect(decision).toMatchObject({ effect: 'deny', basis: null, consentId: null, allowedFields: [] });
    expect(codes(decision)).toEqual(['FIELD_NOT_LICENSED']);
  });

  it('allows a sensitive field the consent names', () => {
    expect(decide(aRequest({ fields: ['religion'] })).allowedFields).toEqual(['religion']);
  });

  it('applies licence obligations to a lookup and match-only to every verified field', () => {
    const fields = ['idNumber', 'fullName', 'permanentResidence'];
    expect(decide(aRequest({ fields })).obligations).toEqual([
      { field: 'idNumber', kind: 'mask' },
      { field: 'permanentResidence', kind: 'match-only' },
    ]);
    expect(decide(aRequest({ fields, operation: 'verify' })).obligations).toEqual(fields.map((field) => ({ field, kind: 'match-only' })));
  });

  it('needs lookup consent for a batch, which releases values', () => {
    const licence = aLicence({ grants: [{ purposeCode: 'KYC', operations: ['batch'], fields: ['fullName'] }] });
    expect(decide(aRequest({ operation: 'batch', licence, fields: ['fullName'] })).effect).toBe('allow');
    const verifyOnly = decide(aRequest({ operation: 'batch', licence, fields: ['fullName'], consent: aConsent({ operations: ['verify'] }) }));
    expect(codes(verifyOnly)).toEqual(['OPERATION_NOT_CONSENTED']);
  });

  it('denies a licence presented by another organisation', () => {
    const decision = decide(aRequest({ organisationId: 'ORG-OTHER', licence: aLicence() }));
    expect(codes(decision)).toContain('LICENCE_ORGANISATION_MISMATCH');
  });
});

describe('citizen looking at their own data', () => {
  it('is allowed every catalogue field whatever the licence, consent or suspension', () => {
    const decision = decide(
      aRequest({ subject: 'citizen-self', licence: undefined, consent: undefined, suspension: { suspensionId: 'S', since: NOW }, fields: ['religion', 'ethnicity', 'nope'] }),
    );
    expect(decision).toMatchObject({ effect: 'allow', allowedFields: ['religion', 'ethnicity'], basis: 'citizen-self', obligations: [] });
    expect(decision.deniedFields).toEqual([{ field: 'nope', reasonCode: 'FIELD_UNKNOWN' }]);
    expect(codes(decision)).toEqual(['CITIZEN_SELF_ACCESS', 'FIELD_UNKNOWN']);
  });

  it('still answers a verify as match / no match', () => {
    const decision = decide(aRequest({ subject: 'citizen-self', operation: 'verify', fields: ['fullName'] }));
    expect(decision.obligations).toEqual([{ field: 'fullName', kind: 'match-only' }]);
  });
});

describe('legal duty', () => {
  const base = { organisationId: 'ORG-POLICE', purposeCode: 'RESIDENCE', licence: aStateAgencyLicence(), consent: undefined };

  it('allows basic licensed fields without consent', () => {
    const decision = decide(aRequest({ ...base, fields: ['fullName', 'permanentResidence'] }));
    expect(decision).toMatchObject({ effect: 'allow', allowedFields: ['fullName', 'permanentResidence'], basis: 'legal-duty', consentId: null });
    expect(codes(decision)).toEqual(['LEGAL_DUTY']);
    expect(decision.reasons[0].message).toContain('Law on Residence');
  });

  it('still needs a consent naming each sensitive field', () => {
    const decision = decide(aRequest({ ...base, fields: ['fullName', 'religion'] }));
    expect(decision.allowedFields).toEqual(['fullName']);
    expect(decision.deniedFields).toEqual([{ field: 'religion', reasonCode: 'SENSITIVE_FIELD_NOT_NAMED' }]);
    expect(codes(decision)).toEqual(['LEGAL_DUTY', 'SENSITIVE_FIELD_NOT_NAMED', 'CONSENT_MISSING']);
  });

  it('releases a sensitive field under a valid consent naming it, and records that consent', () => {
    const consent = aConsent({ purposeCode: 'RESIDENCE', fields: ['religion'] });
    const decision = decide(aRequest({ ...base, consent, fields: ['fullName', 'religion', 'ethnicity'] }));
    expect(decision.allowedFields).toEqual(['fullName', 'religion']);
    expect(decision).toMatchObject({ basis: 'legal-duty', consentId: 'CON-1' });
    expect(codes(decision)).toEqual(['LEGAL_DUTY', 'CONSENT_GRANTED', 'SENSITIVE_FIELD_NOT_NAMED']);
  });

  it('ignores a revoked consent for basic fields but not for sensitive ones', () => {
    const consent = aConsent({ purposeCode: 'RESIDENCE', fields: ['religion'], state: 'REVOKED' });
    const decision = decide(aRequest({ ...base, consent, fields: ['fullName', 'religion'] }));
    expect(decision.allowedFields).toEqual(['fullName']);
    expect(codes(decision)).toEqual(['LEGAL_DUTY', 'SENSITIVE_FIELD_NOT_NAMED', 'CONSENT_REVOKED']);
  });

  it('does not shield a suspended state agency', () => {
    const decision = decide(aRequest({ ...base, suspension: { suspensionId: 'S', since: NOW } }));
    expect(codes(decision)).toEqual(['ORGANISATION_SUSPENDED']);
  });
});

afterAll(() => {
  // Every reason code is exercised by at least one case above.
  expect([...REASON_CODES].filter((code) => !seen.has(code))).toEqual([]);
});
