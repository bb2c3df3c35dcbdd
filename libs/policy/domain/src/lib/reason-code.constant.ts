/**
 * Stable machine codes for why a decision came out as it did. Codes are part of the public
 * contract (audit entries, the misuse monitor and API clients match on them): add, never rename.
 */
export const REASON_DESCRIPTIONS = {
  CITIZEN_SELF_ACCESS: 'A citizen may always see their own data.',
  CONSENT_GRANTED: 'Fields allowed under the citizen’s consent.',
  LEGAL_DUTY: 'Basic fields allowed without consent under a legal duty of a state body.',
  NO_FIELDS_REQUESTED: 'The request names no fields.',
  ORGANISATION_SUSPENDED: 'The organisation is suspended; every request is denied.',
  LICENCE_MISSING: 'The organisation holds no licence.',
  LICENCE_ORGANISATION_MISMATCH: 'The licence presented belongs to another organisation.',
  LICENCE_SUSPENDED: 'The licence is suspended.',
  LICENCE_REVOKED: 'The licence is revoked.',
  LICENCE_NOT_YET_VALID: 'The licence is not yet in force.',
  LICENCE_EXPIRED: 'The licence has expired.',
  LEGAL_DUTY_NOT_ELIGIBLE: 'The licence claims a legal duty that this kind of organisation cannot hold.',
  PURPOSE_NOT_LICENSED: 'The licence does not cover the purpose.',
  OPERATION_NOT_LICENSED: 'The licence does not allow the operation for the purpose.',
  CONSENT_MISSING: 'The citizen has given no consent for the purpose.',
  CONSENT_PURPOSE_MISMATCH: 'The consent is for another purpose.',
  CONSENT_PENDING: 'The consent request has not been answered; silence is never consent.',
  CONSENT_REJECTED: 'The citizen rejected the consent request.',
  CONSENT_REVOKED: 'The citizen revoked the consent.',
  CONSENT_PAUSED: 'The citizen paused the consent.',
  CONSENT_EXPIRED: 'The consent has expired.',
  CONSENT_NOT_YET_VALID: 'The consent is not yet in force.',
  OPERATION_NOT_CONSENTED: 'The consent does not allow the operation.',
  CONSENT_FREQUENCY_EXCEEDED: 'The consent’s frequency limit for the period is used up.',
  FIELD_UNKNOWN: 'The field is not in the population field catalogue.',
  FIELD_NOT_LICENSED: 'The licence does not cover the field for the purpose and operation.',
  FIELD_NOT_CONSENTED: 'The consent does not include the field.',
  SENSITIVE_FIELD_NOT_NAMED: 'Sensitive fields are released only under a valid consent naming each one.',
} as const;

export type ReasonCode = keyof typeof REASON_DESCRIPTIONS;

export const REASON_CODES = Object.freeze(Object.keys(REASON_DESCRIPTIONS) as ReasonCode[]);
