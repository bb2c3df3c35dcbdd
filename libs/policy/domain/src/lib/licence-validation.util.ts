import { isFieldCode } from '@consentry/population-domain';
import {
  LEGAL_BASES,
  LEGAL_DUTY_ELIGIBLE_KINDS,
  LICENCE_STATUSES,
  OBLIGATION_KINDS,
  OPERATIONS,
  ORGANISATION_KINDS,
} from './policy.constant';
import type { Licence, LicenceGrant } from './policy.types';

export interface LicenceProblem {
  /** Where the problem is, e.g. `grants[2].fields[0]`. */
  path: string;
  message: string;
}

const includes = (list: readonly string[], value: unknown) => typeof value === 'string' && list.includes(value);
const nonEmpty = (value: unknown) => typeof value === 'string' && value.trim().length > 0;

/**
 * Problems that should stop an operator from saving a licence. Decisions never trust this to have
 * run: they fail closed on the same problems.
 */
export function validateLicence(licence: Licence): LicenceProblem[] {
  const problems: LicenceProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  if (!nonEmpty(licence.id)) add('id', 'must be a non-empty string');
  if (!nonEmpty(licence.organisationId)) add('organisationId', 'must be a non-empty string');
  if (!Number.isInteger(licence.version) || licence.version < 1) add('version', 'must be a positive integer');
  if (!includes(LICENCE_STATUSES, licence.status)) add('status', `must be one of ${LICENCE_STATUSES.join(', ')}`);
  if (!includes(ORGANISATION_KINDS, licence.organisationKind)) add('organisationKind', `must be one of ${ORGANISATION_KINDS.join(', ')}`);
  if (!includes(LEGAL_BASES, licence.legalBasis)) add('legalBasis', `must be one of ${LEGAL_BASES.join(', ')}`);
  if (licence.legalBasis === 'legal-duty') {
    if (!nonEmpty(licence.legalReference)) add('legalReference', 'a legal duty must cite the law or decision it rests on');
    if (!LEGAL_DUTY_ELIGIBLE_KINDS.includes(licence.organisationKind)) {
      add('legalBasis', `a ${licence.organisationKind} cannot process without consent; only ${LEGAL_DUTY_ELIGIBLE_KINDS.join(', ')} may`);
    }
  }
  const from = Date.parse(licence.validFrom);
  const to = Date.parse(licence.validTo);
  if (Number.isNaN(from)) add('validFrom', 'must be an ISO 8601 instant');
  if (Number.isNaN(to)) add('validTo', 'must be an ISO 8601 instant');
  if (!Number.isNaN(from) && !Number.isNaN(to) && !(from < to)) add('validTo', 'must be after validFrom');

  if (!Array.isArray(licence.grants) || licence.grants.length === 0) {
    add('grants', 'must grant at least one purpose');
    return problems;
  }
  const seenPurposes = new Set<string>();
  licence.grants.forEach((grant, index) => {
    if (seenPurposes.has(grant.purposeCode)) add(`grants[${index}].purposeCode`, `purpose ${grant.purposeCode} is granted twice`);
    seenPurposes.add(grant.purposeCode);
    validateGrant(grant, `grants[${index}]`, add);
  });
  return problems;
}

function validateGrant(grant: LicenceGrant, at: string, add: (path: string, message: string) => void): void {
  if (!nonEmpty(grant.purposeCode)) add(`${at}.purposeCode`, 'must be a non-empty string');
  if (!Array.isArray(grant.operations) || grant.operations.length === 0) add(`${at}.operations`, 'must name at least one operation');
  else {
    grant.operations.forEach((op, i) => {
      if (!includes(OPERATIONS, op)) add(`${at}.operations[${i}]`, `unknown operation ${String(op)}`);
    });
  }
  if (!Array.isArray(grant.fields) || grant.fields.length === 0) {
    add(`${at}.fields`, 'must name at least one field');
    return;
  }
  const seen = new Set<string>();
  grant.fields.forEach((field, i) => {
    if (!isFieldCode(field)) add(`${at}.fields[${i}]`, `unknown field ${String(field)}`);
    else if (seen.has(field)) add(`${at}.fields[${i}]`, `field ${field} is listed twice`);
    seen.add(field);
  });
  for (const [field, kind] of Object.entries(grant.obligations ?? {})) {
    if (!seen.has(field)) add(`${at}.obligations.${field}`, 'an obligation must apply to a granted field');
    if (!includes(OBLIGATION_KINDS, kind)) add(`${at}.obligations.${field}`, `must be one of ${OBLIGATION_KINDS.join(', ')}`);
  }
}
