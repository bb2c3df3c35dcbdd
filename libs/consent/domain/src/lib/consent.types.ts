import type { FieldCode } from '@consentry/population-domain';

export const CONSENT_STATES = ['PENDING', 'ACTIVE', 'REJECTED', 'PAUSED', 'REVOKED', 'EXPIRED'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

export const CONSENT_ACTIONS = ['request', 'approve', 'reject', 'pause', 'resume', 'revoke', 'expire'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

export const CONSENT_OPERATIONS = ['verify', 'lookup'] as const;
export type ConsentOperation = (typeof CONSENT_OPERATIONS)[number];

export const FREQUENCY_PERIODS = ['day', 'month', 'once'] as const;
export type FrequencyPeriod = (typeof FREQUENCY_PERIODS)[number];

/** At most `limit` uses per period; `once` means a single use in the whole validity window. */
export interface Frequency {
  limit: number;
  period: FrequencyPeriod;
}

export type ActorKind = 'citizen' | 'organisation' | 'system';

export interface Actor {
  kind: ActorKind;
  id: string;
}

/** A purpose from the catalogue: one purpose per consent. */
export interface Purpose {
  code: string;
  title: string;
  description: string;
  legalText: string;
}

/** What was asked: fixed when the consent is created, never changed afterwards. */
export interface ConsentTerms {
  purposeCode: string;
  fields: FieldCode[];
  operations: ConsentOperation[];
  frequency: Frequency | null;
  validFrom: string;
  validTo: string;
  /** How long the organisation may keep what it received, in days. */
  dataLifeDays: number;
  /** A request not answered by then expires: silence is never consent. */
  requestExpiresAt: string;
}

export interface Consent {
  id: string;
  citizenPseudonym: string;
  organisationId: string;
  terms: ConsentTerms;
  createdAt: string;
}

/** One entry of a consent's history. The history is append-only. */
export interface ConsentTransition {
  consentId: string;
  sequence: number;
  action: ConsentAction;
  fromState: ConsentState | null;
  toState: ConsentState;
  /** Fields the citizen has granted (fewer than asked, if they chose); in force only while ACTIVE. */
  grantedFields: FieldCode[];
  actor: Actor;
  reason: string | null;
  at: string;
}
