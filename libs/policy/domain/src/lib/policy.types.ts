import type { FieldCode } from '@consentry/population-domain';
import {
  CONSENT_OPERATIONS,
  CONSENT_STATES,
  FREQUENCY_PERIODS,
  LEGAL_BASES,
  LICENCE_STATUSES,
  OBLIGATION_KINDS,
  OPERATIONS,
  ORGANISATION_KINDS,
  REQUEST_SUBJECTS,
} from './policy.constant';
import type { ReasonCode } from './reason-code.constant';

export type Operation = (typeof OPERATIONS)[number];
export type ConsentOperation = (typeof CONSENT_OPERATIONS)[number];
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export type LegalBasis = (typeof LEGAL_BASES)[number];
export type ConsentState = (typeof CONSENT_STATES)[number];
export type FrequencyPeriod = (typeof FREQUENCY_PERIODS)[number];
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];
export type RequestSubject = (typeof REQUEST_SUBJECTS)[number];

/** What an organisation may do for one purpose. */
export interface LicenceGrant {
  purposeCode: string;
  operations: readonly Operation[];
  fields: readonly FieldCode[];
  /** Per-field restrictions on what a lookup may return; a verify is always match-only. */
  obligations?: Readonly<Partial<Record<FieldCode, ObligationKind>>>;
}

/**
 * One version of an organisation's licence. (id, version) must name immutable grants: compiled
 * abilities are cached under that pair. Status and validity are read live on every decision, so a
 * suspension or revocation needs no new version to take effect.
 */
export interface Licence {
  id: string;
  organisationId: string;
  version: number;
  status: LicenceStatus;
  organisationKind: OrganisationKind;
  legalBasis: LegalBasis;
  /** The statute or decision the licence rests on, shown in explanations and audit entries. */
  legalReference: string;
  grants: readonly LicenceGrant[];
  /** ISO 8601 instant, inclusive. */
  validFrom: string;
  /** ISO 8601 instant, exclusive. */
  validTo: string;
}

export interface ConsentFrequency {
  limit: number;
  period: FrequencyPeriod;
}

/** The citizen's effective consent for (citizen, organisation, purpose), as the consent registry reports it. */
export interface ConsentSnapshot {
  consentId: string;
  state: ConsentState;
  purposeCode: string;
  /** Named one by one; a sensitive field is consented only if it appears here. */
  fields: readonly FieldCode[];
  operations: readonly ConsentOperation[];
  /** ISO 8601 instant, inclusive. */
  validFrom: string;
  /** ISO 8601 instant, exclusive. */
  validTo: string;
  frequency: ConsentFrequency | null;
  /** Uses already made in the current period (for `once`: ever); this decision would be the next. */
  usesInPeriod: number;
}

/** A suspension of the organisation in force (by a regulator or operator). */
export interface OrganisationSuspension {
  suspensionId: string;
  /** ISO 8601 instant. */
  since: string;
}

export interface DecisionRequest {
  organisationId: string;
  operation: Operation;
  purposeCode: string;
  /** As asked; codes outside the field catalogue are denied with FIELD_UNKNOWN. */
  fields: readonly string[];
  subject: RequestSubject;
  licence?: Licence;
  consent?: ConsentSnapshot;
  /** Required so a caller cannot forget it and fail open; null when the organisation is not suspended. */
  suspension: OrganisationSuspension | null;
  /** The decision instant (Date, ISO 8601 string or epoch milliseconds): the clock is an input. */
  now: Date | string | number;
  /** The policy version in force, recorded in the decision for audit. */
  policyVersion: string;
}

export type DecisionEffect = 'allow' | 'deny';

/** What the allowed fields rest on. */
export type DecisionBasis = 'citizen-self' | 'consent' | 'legal-duty';

export interface DeniedField {
  field: string;
  reasonCode: ReasonCode;
}

export interface Obligation {
  field: FieldCode;
  kind: ObligationKind;
}

export interface DecisionReason {
  code: ReasonCode;
  message: string;
}

export interface Decision {
  /** allow when at least one requested field is allowed; see README for partial allows. */
  effect: DecisionEffect;
  allowedFields: FieldCode[];
  deniedFields: DeniedField[];
  obligations: Obligation[];
  reasons: DecisionReason[];
  basis: DecisionBasis | null;
  licenceId: string | null;
  licenceVersion: number | null;
  /** Set when a consent was relied on for at least one allowed field. */
  consentId: string | null;
  policyVersion: string;
}
