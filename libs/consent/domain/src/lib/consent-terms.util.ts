import { FieldCode, fieldCategory, isFieldCode } from '@consentry/population-domain';
import { CONSENT_OPERATIONS, ConsentOperation, ConsentTerms, FREQUENCY_PERIODS, Frequency, FrequencyPeriod } from './consent.types';

export interface TermsError {
  field: string;
  message: string;
}

export interface ConsentTermsInput {
  purposeCode: string;
  fields: string[];
  operations: string[];
  frequency?: { limit: number; period: string } | null;
  validFrom?: string;
  validTo: string;
  dataLifeDays: number;
  requestExpiresAt?: string;
}

export interface TermsContext {
  now: Date;
  knownPurposes: ReadonlySet<string>;
  /** How long a citizen has to answer when the organisation does not say (default 14 days). */
  defaultAnswerWindowDays?: number;
}

const WILDCARDS = new Set(['*', 'all', 'ALL', 'any', 'basic', 'sensitive', 'everything']);
const MAX_VALIDITY_DAYS = 5 * 366;
const DAY = 86_400_000;

/**
 * Checks what an organisation asks for. Every problem is reported with the request field it
 * concerns; nothing is written unless this returns no errors.
 */
export function validateConsentTerms(input: ConsentTermsInput, ctx: TermsContext): { terms?: ConsentTerms; errors: TermsError[] } {
  const errors: TermsError[] = [];
  if (!ctx.knownPurposes.has(input.purposeCode)) {
    errors.push({ field: 'purpose', message: `unknown purpose "${input.purposeCode}"; see GET /v1/purposes` });
  }

  const fields: FieldCode[] = [];
  input.fields.forEach((field, i) => {
    if (WILDCARDS.has(field) || /[*?]/.test(field)) {
      errors.push({ field: `fields[${i}]`, message: `"${field}" is a wildcard: name each field one by one` });
    } else if (!isFieldCode(field)) {
      errors.push({ field: `fields[${i}]`, message: `unknown field "${field}"; see GET /v1/fields` });
    } else if (fields.includes(field)) {
      errors.push({ field: `fields[${i}]`, message: `"${field}" is listed twice` });
    } else {
      fields.push(field);
    }
  });
  if (input.fields.length === 0) errors.push({ field: 'fields', message: 'name at least one field' });

  const operations: ConsentOperation[] = [];
  input.operations.forEach((op, i) => {
    if (!(CONSENT_OPERATIONS as readonly string[]).includes(op)) {
      errors.push({ field: `operations[${i}]`, message: `must be one of ${CONSENT_OPERATIONS.join(', ')}` });
    } else if (!operations.includes(op as ConsentOperation)) {
      operations.push(op as ConsentOperation);
    }
  });
  if (input.operations.length === 0) errors.push({ field: 'operations', message: 'name at least one operation' });

  let frequency: Frequency | null = null;
  if (input.frequency) {
    const { limit, period } = input.frequency;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000) errors.push({ field: 'frequency.limit', message: 'must be an integer from 1 to 1000000' });
    if (!(FREQUENCY_PERIODS as readonly string[]).includes(period)) errors.push({ field: 'frequency.period', message: `must be one of ${FREQUENCY_PERIODS.join(', ')}` });
    frequency = { limit, period: period as FrequencyPeriod };
  }

  const now = ctx.now.getTime();
  const validFrom = input.validFrom ? Date.parse(input.validFrom) : now;
  const validTo = Date.parse(input.validTo);
  if (Number.isNaN(validFrom)) errors.push({ field: 'validFrom', message: 'must be an ISO 8601 date-time' });
  if (Number.isNaN(validTo)) {
    errors.push({ field: 'validTo', message: 'must be an ISO 8601 date-time' });
  } else if (validTo <= now) {
    errors.push({ field: 'validTo', message: 'must be in the future' });
  } else if (!Number.isNaN(validFrom) && validTo <= validFrom) {
    errors.push({ field: 'validTo', message: 'must be after validFrom' });
  } else if (validTo - Math.max(validFrom, now) > MAX_VALIDITY_DAYS * DAY) {
    errors.push({ field: 'validTo', message: 'a consent may last at most 5 years' });
  }
  if (!Number.isInteger(input.dataLifeDays) || input.dataLifeDays < 0 || input.dataLifeDays > 3660) {
    errors.push({ field: 'dataLifeDays', message: 'must be an integer from 0 to 3660' });
  }
  const answerBy = input.requestExpiresAt ? Date.parse(input.requestExpiresAt) : now + (ctx.defaultAnswerWindowDays ?? 14) * DAY;
  if (Number.isNaN(answerBy)) errors.push({ field: 'requestExpiresAt', message: 'must be an ISO 8601 date-time' });
  else if (answerBy <= now) errors.push({ field: 'requestExpiresAt', message: 'must be in the future' });

  if (errors.length) return { errors };
  return {
    errors,
    terms: {
      purposeCode: input.purposeCode,
      fields,
      operations,
      frequency,
      validFrom: new Date(validFrom).toISOString(),
      validTo: new Date(validTo).toISOString(),
      dataLifeDays: input.dataLifeDays,
      requestExpiresAt: new Date(answerBy).toISOString(),
    },
  };
}

/**
 * A citizen may approve fewer fields than were asked (partial consent), never more, and never
 * none. Without a list, everything asked is approved.
 */
export function validateGrantedFields(requested: readonly FieldCode[], granted: readonly string[] | undefined): { fields?: FieldCode[]; errors: TermsError[] } {
  if (granted === undefined) return { fields: [...requested], errors: [] };
  const errors: TermsError[] = [];
  const fields: FieldCode[] = [];
  granted.forEach((field, i) => {
    if (!requested.includes(field as FieldCode)) errors.push({ field: `fields[${i}]`, message: `"${field}" was not asked for` });
    else if (!fields.includes(field as FieldCode)) fields.push(field as FieldCode);
  });
  if (granted.length === 0) errors.push({ field: 'fields', message: 'approve at least one field, or reject the request' });
  return errors.length ? { errors } : { fields, errors };
}

/** Basic and sensitive fields of a list, in catalogue terms. */
export function splitByCategory(fields: readonly FieldCode[]): { basic: FieldCode[]; sensitive: FieldCode[] } {
  return {
    basic: fields.filter((f) => fieldCategory(f) === 'basic'),
    sensitive: fields.filter((f) => fieldCategory(f) === 'sensitive'),
  };
}
