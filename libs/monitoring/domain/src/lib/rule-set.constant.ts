import type { MonitoringRuleSet } from './monitoring.types';

/**
 * First published thresholds. Tuned on the generated traffic in `traffic-generator.util.ts`
 * (100 organisations, ~0 false alerts per 10,000 entries); operators publish a new version
 * rather than editing this one, so past alerts stay explainable.
 */
export const MONITORING_RULES_V1: MonitoringRuleSet = Object.freeze({
  version: '2026-01-01.1',
  effectiveFrom: '2026-01-01T00:00:00+07:00',
  timeZone: { name: 'Asia/Ho_Chi_Minh', utcOffsetMinutes: 420 },
  accessOperations: ['verify', 'lookup', 'batch'],
  maxEvidence: 500,
  denials: {
    version: 1,
    windowMinutes: 15,
    reasonCodes: [
      'CONSENT_MISSING', 'CONSENT_PENDING', 'CONSENT_REJECTED', 'CONSENT_PAUSED', 'CONSENT_REVOKED', 'CONSENT_EXPIRED',
      'CONSENT_NOT_YET_VALID', 'CONSENT_PURPOSE_MISMATCH', 'OPERATION_NOT_CONSENTED', 'FIELD_NOT_CONSENTED',
      'SENSITIVE_FIELD_NOT_NAMED', 'FIELD_NOT_LICENSED', 'LICENCE_MISSING', 'LICENCE_SUSPENDED', 'LICENCE_EXPIRED',
      'PURPOSE_NOT_LICENSED', 'ORGANISATION_SUSPENDED', 'ENUMERATION_GUARD',
    ],
    minDenials: 25,
    minDenialRatio: 0.25,
    highSeverityAt: 200,
  },
  volume: { version: 1, factor: 4, minExcess: 300, minCountWithoutBaseline: 2000, highSeverityFactor: 10 },
  enumeration: {
    version: 1,
    windowMinutes: 60,
    minDistinctCitizens: 100,
    minFailureRatio: 0.3,
    noMatchReasonCodes: ['CITIZEN_NOT_FOUND'],
    highSeverityAt: 1000,
  },
  purposeDrift: {
    version: 1,
    windowMinutes: 60,
    expectedFields: {
      'account-opening': ['idNumber', 'fullName', 'dateOfBirth', 'sex', 'nationality', 'permanentResidence', 'currentResidence'],
      kyc: ['idNumber', 'fullName', 'dateOfBirth', 'sex', 'nationality', 'permanentResidence', 'currentResidence'],
      aml: ['idNumber', 'fullName', 'dateOfBirth', 'nationality', 'permanentResidence', 'placeOfBirth'],
      'credit-scoring': ['idNumber', 'fullName', 'dateOfBirth', 'maritalStatus', 'permanentResidence', 'currentResidence'],
      'sim-registration': ['idNumber', 'fullName', 'dateOfBirth', 'sex', 'permanentResidence'],
      'health-insurance-claim': ['idNumber', 'fullName', 'dateOfBirth', 'sex', 'healthInsuranceNumber', 'bloodGroup'],
      'patient-admission': ['idNumber', 'fullName', 'dateOfBirth', 'sex', 'healthInsuranceNumber', 'bloodGroup', 'currentResidence'],
      'flight-check-in': ['idNumber', 'fullName', 'dateOfBirth', 'nationality'],
      notarisation: ['idNumber', 'fullName', 'dateOfBirth', 'permanentResidence', 'maritalStatus', 'spouseName'],
      'tax-filing': ['idNumber', 'fullName', 'taxNumber', 'permanentResidence'],
    },
    minEntries: 10,
    minRatio: 0.05,
  },
  sensitiveFields: {
    version: 1,
    windowMinutes: 60,
    // Sensitive per Law 91/2025 as catalogued in population-domain; fields a purpose expects are exempt.
    sensitiveFields: ['ethnicity', 'religion', 'healthInsuranceNumber', 'socialInsuranceNumber', 'eidLevel'],
    minEntries: 30,
    minRatio: 0.2,
  },
  offHours: { version: 1, localHours: [22, 23, 0, 1, 2, 3, 4, 5], minEntries: 200, baselineFactor: 4 },
  citizenFanOut: { version: 1, windowMinutes: 60, minOrganisations: 5 },
}) as MonitoringRuleSet;

/**
 * Version 2: the enumeration rule (its version 2) also fires on 50 accesses in an hour that the
 * gateway marked `sequentialId` (a walk through neighbouring ID numbers). Every other threshold
 * is version 1's.
 */
export const MONITORING_RULES_V2: MonitoringRuleSet = Object.freeze({
  ...MONITORING_RULES_V1,
  version: '2026-11-24.1',
  effectiveFrom: '2026-11-24T00:00:00+07:00',
  enumeration: { ...MONITORING_RULES_V1.enumeration, version: 2, minSequentialIds: 50 },
}) as MonitoringRuleSet;

/** The rule set in force: what the monitor runs unless told otherwise. */
export const MONITORING_RULES = MONITORING_RULES_V2;
