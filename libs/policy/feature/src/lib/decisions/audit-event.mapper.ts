import { isFieldCode } from '@consentry/population-domain';
import type { Decision, Licence } from '@consentry/policy-domain';
import type { AuditEventMessage } from '@consentry/shared-queue';

/** The legal basis named in the audit entry of a citizen's own access. */
export const CITIZEN_SELF_REFERENCE = "The citizen's own access (right of access, Law 91/2025/QH15)";

// The audit log accepts request ids of this form only; others are replaced by the event id.
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

export interface DecisionEventInput {
  eventId: string;
  occurredAt: Date;
  requestId: string;
  organisationId: string;
  purposeCode: string;
  requestedFields: readonly string[];
  decision: Decision;
  /** The licence the decision used, when there was one. */
  licence: Licence | undefined;
  citizenPseudonym: string;
}

/**
 * A decision as an audit event (operation 'decision', no fee: a decision releases nothing).
 * Allowed decisions list the allowed fields; denials list the catalogue fields that were asked
 * for, which is what the misuse monitor looks at. The first reason is the reason code.
 */
export function toDecisionAuditEvent(input: DecisionEventInput): AuditEventMessage {
  const d = input.decision;
  const fields = d.effect === 'allow' ? [...d.allowedFields] : [...new Set(input.requestedFields.filter(isFieldCode))];
  return {
    eventId: input.eventId,
    occurredAt: input.occurredAt.toISOString(),
    organisationId: input.organisationId,
    operation: 'decision',
    purpose: input.purposeCode,
    legalBasis: legalBasisOf(d, input.licence),
    decision: d.effect,
    reasonCode: d.reasons[0]?.code ?? (d.effect === 'allow' ? 'ALLOWED' : 'DENIED'),
    fields,
    fee: null,
    requestId: REQUEST_ID.test(input.requestId) ? input.requestId : input.eventId,
    citizenPseudonym: input.citizenPseudonym,
  };
}

function legalBasisOf(d: Decision, licence: Licence | undefined): AuditEventMessage['legalBasis'] {
  if (d.basis === 'citizen-self') return { kind: 'legal-duty', reference: CITIZEN_SELF_REFERENCE };
  // A denial under a legal-duty licence is still recorded against the duty it claimed.
  const dutyClaimed = d.basis === 'legal-duty' || (d.basis === null && licence?.legalBasis === 'legal-duty');
  if (dutyClaimed && licence?.legalReference) return { kind: 'legal-duty', reference: licence.legalReference.slice(0, 256) };
  return { kind: 'consent', consentId: d.consentId };
}
