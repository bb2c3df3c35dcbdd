import type { ConsentSnapshot, DecisionRequest, Licence } from './policy.types';

// Shared by the specs only; not exported from the library.

export const NOW = '2026-03-01T08:00:00.000Z';

export function aLicence(overrides: Partial<Licence> = {}): Licence {
  return {
    id: 'LIC-BANK-1',
    organisationId: 'ORG-BANK',
    version: 1,
    status: 'active',
    organisationKind: 'enterprise',
    legalBasis: 'consent',
    legalReference: 'Contract with the citizen',
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: '2027-01-01T00:00:00.000Z',
    grants: [
      {
        purposeCode: 'KYC',
        operations: ['verify', 'lookup'],
        fields: ['idNumber', 'fullName', 'dateOfBirth', 'permanentResidence', 'religion', 'healthInsuranceNumber'],
        obligations: { idNumber: 'mask', permanentResidence: 'match-only' },
      },
      { purposeCode: 'CREDIT', operations: ['verify'], fields: ['fullName', 'dateOfBirth'] },
    ],
    ...overrides,
  };
}

export function aConsent(overrides: Partial<ConsentSnapshot> = {}): ConsentSnapshot {
  return {
    consentId: 'CON-1',
    state: 'ACTIVE',
    purposeCode: 'KYC',
    fields: ['idNumber', 'fullName', 'dateOfBirth', 'permanentResidence', 'religion'],
    operations: ['verify', 'lookup'],
    validFrom: '2026-02-01T00:00:00.000Z',
    validTo: '2026-08-01T00:00:00.000Z',
    frequency: { limit: 5, period: 'day' },
    usesInPeriod: 0,
    ...overrides,
  };
}

export function aRequest(overrides: Partial<DecisionRequest> = {}): DecisionRequest {
  return {
    organisationId: 'ORG-BANK',
    operation: 'lookup',
    purposeCode: 'KYC',
    fields: ['fullName', 'dateOfBirth'],
    subject: 'organisation',
    licence: aLicence(),
    consent: aConsent(),
    suspension: null,
    now: NOW,
    policyVersion: 'policy-2026-01',
    ...overrides,
  };
}

/** A state agency whose licence rests on a legal duty. */
export function aStateAgencyLicence(overrides: Partial<Licence> = {}): Licence {
  return aLicence({
    id: 'LIC-POLICE-1',
    organisationId: 'ORG-POLICE',
    organisationKind: 'state-agency',
    legalBasis: 'legal-duty',
    legalReference: 'Law on Residence 68/2020/QH14, art. 4',
    grants: [{ purposeCode: 'RESIDENCE', operations: ['verify', 'lookup', 'batch'], fields: ['fullName', 'permanentResidence', 'religion', 'ethnicity'] }],
    ...overrides,
  });
}
