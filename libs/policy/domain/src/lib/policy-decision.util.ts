import { type FieldCode, isFieldCode, SENSITIVE_FIELDS } from '@consentry/population-domain';
import { consentProblems } from './consent-check.util';
import { toEpochMs } from './epoch-ms.util';
import type { CompiledLicence, LicenceRule } from './licence-ability.util';
import { checkOrganisationAndLicence } from './licence-check.util';
import type { Decision, DecisionBasis, DecisionReason, DecisionRequest, DeniedField, Obligation } from './policy.types';
import type { ReasonCode } from './reason-code.constant';
import { fieldReasons, uniqueFields } from './decision-fields.util';
import { text } from './message-text.util';

const SENSITIVE: ReadonlySet<string> = new Set(SENSITIVE_FIELDS);

/**
 * The decision for one request. `compiled` must be the compiled form of `request.licence`
 * (the evaluator guarantees it). Order of checks: citizen-self, organisation and licence, consent
 * (unless an eligible legal duty), then each field. Every whole-request problem found is reported.
 */
export function evaluateDecision(request: DecisionRequest, compiled: CompiledLicence | undefined): Decision {
  const requested = uniqueFields(request.fields);
  if (requested.length === 0) {
    return denyAll(request, requested, [{ code: 'NO_FIELDS_REQUESTED', message: 'The request names no fields.' }]);
  }
  if (request.subject === 'citizen-self') return citizenSelf(request, requested);

  const nowMs = toEpochMs(request.now);
  const problems: DecisionReason[] = [];
  const { rule, legalDuty } = checkOrganisationAndLicence(request, compiled, nowMs, problems);
  const consentIssues = consentProblems(request, nowMs);
  // Under a legal duty the consent only matters for sensitive fields, so its problems deny those alone.
  if (!legalDuty) for (const issue of consentIssues) problems.push(issue);
  if (problems.length > 0 || rule === null || compiled === undefined) return denyAll(request, requested, problems);

  return decideFields(request, requested, rule, compiled, legalDuty, consentIssues);
}

function decideFields(
  request: DecisionRequest,
  requested: readonly string[],
  rule: LicenceRule,
  compiled: CompiledLicence,
  legalDuty: boolean,
  consentIssues: readonly DecisionReason[],
): Decision {
  const consent = consentIssues.length === 0 ? request.consent : undefined;
  const consented: readonly string[] = Array.isArray(consent?.fields) ? consent.fields : [];
  const allowedFields: FieldCode[] = [];
  const deniedFields: DeniedField[] = [];
  let usedConsent = false;
  let usedLegalDuty = false;

  for (const field of requested) {
    let denial: ReasonCode | undefined;
    if (!isFieldCode(field)) denial = 'FIELD_UNKNOWN';
    else if (!rule.matchesField(field)) denial = 'FIELD_NOT_LICENSED';
    else if (legalDuty && !SENSITIVE.has(field)) usedLegalDuty = true;
    else if (consented.includes(field)) usedConsent = true;
    else denial = SENSITIVE.has(field) ? 'SENSITIVE_FIELD_NOT_NAMED' : 'FIELD_NOT_CONSENTED';

    if (denial === undefined) allowedFields.push(field as FieldCode);
    else deniedFields.push({ field, reasonCode: denial });
  }

  const reasons: DecisionReason[] = [];
  const licence = request.licence!;
  if (usedLegalDuty) {
    reasons.push({ code: 'LEGAL_DUTY', message: text`Allowed without consent under a legal duty: ${licence.legalReference} (licence ${licence.id}).` });
  }
  if (usedConsent) reasons.push({ code: 'CONSENT_GRANTED', message: text`Allowed under consent ${consent!.consentId}.` });
  for (const reason of fieldReasons(request, deniedFields)) reasons.push(reason);
  // Explain why a consent could not be relied on for the sensitive fields it was needed for.
  if (legalDuty && deniedFields.some((d) => d.reasonCode === 'SENSITIVE_FIELD_NOT_NAMED')) {
    for (const issue of consentIssues) reasons.push(issue);
  }

  const allowed = allowedFields.length > 0;
  const basis: DecisionBasis | null = !allowed ? null : usedLegalDuty ? 'legal-duty' : 'consent';
  return {
    effect: allowed ? 'allow' : 'deny',
    allowedFields,
    deniedFields,
    obligations: obligationsFor(request, allowedFields, compiled.obligations.get(request.purposeCode)),
    reasons,
    basis,
    licenceId: licence.id,
    licenceVersion: licence.version,
    consentId: usedConsent ? consent!.consentId : null,
    policyVersion: request.policyVersion,
  };
}

/** A verify answers match / no match and never returns a value, whatever the licence says. */
function obligationsFor(
  request: DecisionRequest,
  allowedFields: readonly FieldCode[],
  licensed: ReadonlyMap<FieldCode, Obligation['kind']> | undefined,
): Obligation[] {
  const obligations: Obligation[] = [];
  const verify = request.operation === 'verify';
  if (!verify && (licensed === undefined || licensed.size === 0)) return obligations;
  for (const field of allowedFields) {
    const kind = verify ? 'match-only' : licensed!.get(field);
    if (kind !== undefined) obligations.push({ field, kind });
  }
  return obligations;
}

function citizenSelf(request: DecisionRequest, requested: readonly string[]): Decision {
  const allowedFields: FieldCode[] = [];
  const deniedFields: DeniedField[] = [];
  for (const field of requested) {
    if (isFieldCode(field)) allowedFields.push(field);
    else deniedFields.push({ field, reasonCode: 'FIELD_UNKNOWN' });
  }
  const reasons: DecisionReason[] = [{ code: 'CITIZEN_SELF_ACCESS', message: 'A citizen may always see their own data.' }];
  for (const reason of fieldReasons(request, deniedFields)) reasons.push(reason);
  const allowed = allowedFields.length > 0;
  return {
    effect: allowed ? 'allow' : 'deny',
    allowedFields,
    deniedFields,
    obligations: obligationsFor(request, allowedFields, undefined),
    reasons,
    basis: allowed ? 'citizen-self' : null,
    licenceId: null,
    licenceVersion: null,
    consentId: null,
    policyVersion: request.policyVersion,
  };
}

/** Every field denied: by the first whole-request problem, or FIELD_UNKNOWN if not a catalogue field. */
function denyAll(request: DecisionRequest, requested: readonly string[], problems: DecisionReason[]): Decision {
  const primary = problems[0].code;
  const deniedFields: DeniedField[] = requested.map((field) => ({
    field,
    reasonCode: isFieldCode(field) ? primary : 'FIELD_UNKNOWN',
  }));
  const unknown = deniedFields.filter((d) => d.reasonCode === 'FIELD_UNKNOWN');
  const reasons = unknown.length > 0 ? problems.concat(fieldReasons(request, unknown)) : problems;
  return {
    effect: 'deny',
    allowedFields: [],
    deniedFields,
    obligations: [],
    reasons,
    basis: null,
    licenceId: request.licence?.id ?? null,
    licenceVersion: request.licence?.version ?? null,
    consentId: null,
    policyVersion: request.policyVersion,
  };
}
