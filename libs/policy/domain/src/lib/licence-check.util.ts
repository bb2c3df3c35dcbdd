import { boundMs, type CompiledLicence, type LicenceRule, licenceRuleFor } from './licence-ability.util';
import { LEGAL_DUTY_ELIGIBLE_KINDS } from './policy.constant';
import type { DecisionReason, DecisionRequest, Licence } from './policy.types';
import { text } from './message-text.util';

export interface LicenceCheck {
  /** The CASL rule for (operation, purpose), or null when none applies or the licence cannot be used. */
  rule: LicenceRule | null;
  /** True only for an eligible legal-duty licence; an ineligible claim is a problem, never a pass. */
  legalDuty: boolean;
}

/** Pushes onto `problems` every organisation- and licence-level reason to deny the whole request. */
export function checkOrganisationAndLicence(
  request: DecisionRequest,
  compiled: CompiledLicence | undefined,
  nowMs: number,
  problems: DecisionReason[],
): LicenceCheck {
  const suspension = request.suspension;
  if (suspension) {
    problems.push({
      code: 'ORGANISATION_SUSPENDED',
      message: text`Organisation ${request.organisationId} is suspended (suspension ${suspension.suspensionId}, since ${suspension.since}); every request is denied.`,
    });
  }
  const licence = request.licence;
  if (!licence || !compiled) {
    problems.push({ code: 'LICENCE_MISSING', message: text`Organisation ${request.organisationId} holds no licence.` });
    return { rule: null, legalDuty: false };
  }
  if (licence.organisationId !== request.organisationId) {
    problems.push({
      code: 'LICENCE_ORGANISATION_MISMATCH',
      message: text`Licence ${licence.id} belongs to organisation ${licence.organisationId}, not ${request.organisationId}.`,
    });
    return { rule: null, legalDuty: false };
  }
  checkStatusAndValidity(licence, compiled, nowMs, problems);
  const legalDuty = checkLegalBasis(licence, problems);

  // CASL throws on a subject type that is not a string; a malformed purpose is simply not licensed.
  const rule =
    typeof request.purposeCode === 'string' && typeof request.operation === 'string'
      ? licenceRuleFor(compiled, request.operation, { organisationId: request.organisationId, purposeCode: request.purposeCode })
      : null;
  if (!rule) {
    problems.push(
      compiled.purposes.has(request.purposeCode)
        ? {
            code: 'OPERATION_NOT_LICENSED',
            message: text`Licence ${licence.id} does not allow ${request.operation} for purpose ${request.purposeCode}.`,
          }
        : { code: 'PURPOSE_NOT_LICENSED', message: text`Licence ${licence.id} does not cover purpose ${request.purposeCode}.` },
    );
  }
  return { rule, legalDuty };
}

function checkStatusAndValidity(licence: Licence, compiled: CompiledLicence, nowMs: number, problems: DecisionReason[]): void {
  if (licence.status === 'revoked') {
    problems.push({ code: 'LICENCE_REVOKED', message: text`Licence ${licence.id} (version ${licence.version}) is revoked.` });
  } else if (licence.status !== 'active') {
    // Any status other than active or revoked, known or not, is treated as suspended: fail closed.
    problems.push({ code: 'LICENCE_SUSPENDED', message: text`Licence ${licence.id} (version ${licence.version}) is suspended.` });
  }
  if (!(boundMs(compiled.validFrom, licence.validFrom) <= nowMs)) {
    problems.push({ code: 'LICENCE_NOT_YET_VALID', message: text`Licence ${licence.id} is in force only from ${licence.validFrom}.` });
  }
  if (!(nowMs < boundMs(compiled.validTo, licence.validTo))) {
    problems.push({ code: 'LICENCE_EXPIRED', message: text`Licence ${licence.id} expired at ${licence.validTo}.` });
  }
}

function checkLegalBasis(licence: Licence, problems: DecisionReason[]): boolean {
  if (licence.legalBasis !== 'legal-duty') return false;
  if (LEGAL_DUTY_ELIGIBLE_KINDS.includes(licence.organisationKind)) return true;
  problems.push({
    code: 'LEGAL_DUTY_NOT_ELIGIBLE',
    message: text`Licence ${licence.id} claims a legal duty (${licence.legalReference}), but a ${licence.organisationKind} cannot process without consent on that basis.`,
  });
  return false;
}
