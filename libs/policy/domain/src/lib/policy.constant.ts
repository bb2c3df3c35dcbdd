/** Gateway operations. `batch` runs many citizens in one call and releases values like `lookup`. */
export const OPERATIONS = ['verify', 'lookup', 'batch'] as const;

/** Operations a citizen can consent to (issue 3): a batch is a series of lookups, not a new kind of access. */
export const CONSENT_OPERATIONS = ['verify', 'lookup'] as const;

export const LICENCE_STATUSES = ['active', 'suspended', 'revoked'] as const;

export const ORGANISATION_KINDS = [
  'enterprise',
  'state-agency',
  'specialised-database-agency',
  'political-organisation',
] as const;

export const LEGAL_BASES = ['consent', 'legal-duty'] as const;

/**
 * Kinds that may process without consent under a legal duty: state bodies acting within their
 * functions. Political organisations are exempt from fees (Circular 48/2022) but that exemption is
 * not a legal basis to process personal data, so they still need the citizen's consent.
 */
export const LEGAL_DUTY_ELIGIBLE_KINDS: readonly string[] = Object.freeze(['state-agency', 'specialised-database-agency']);

export const CONSENT_STATES = ['PENDING', 'ACTIVE', 'REJECTED', 'PAUSED', 'REVOKED', 'EXPIRED'] as const;

export const FREQUENCY_PERIODS = ['day', 'month', 'once'] as const;

export const OBLIGATION_KINDS = ['mask', 'match-only'] as const;

export const REQUEST_SUBJECTS = ['citizen-self', 'organisation'] as const;

/** Which consented operation a gateway operation relies on. */
export const CONSENT_OPERATION_FOR = Object.freeze({ verify: 'verify', lookup: 'lookup', batch: 'lookup' } as const);
