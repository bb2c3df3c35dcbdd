import { isFieldCode } from '@consentry/population-domain';
import type { Decision, Licence } from '@consentry/policy-domain';
import type { AuditEventMessage } from '@consentry/shared-queue';

/** The legal basis named in the audit entry of a citizen's own access. */
export const CITIZEN_SELF_REFERENCE = "The citizen's own access (right of access, Law 91/2025/QH15)";

// The audit log accepts request ids of this form only; others are replaced by the event id.
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
// ... and an actor's subject only as a staff account id, a UUID (identity.accounts.id).
const STAFF_ACCOUNT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The member of staff who asked for a decision, as the audit event names them. */
export type DecisionActor = NonNullable<AuditEventMessage['actor']>;

/**
 * The actor of a decision asked by this person, in the form the audit log accepts; undefined when
 * they cannot be named so (not operator or regulator, or an account id that is not a UUID). The
 * caller then gives no decision: one the log would refuse, or could not attribute, is not given.
 */
export function decisionActor(principal: { role: string; accountId: string }): DecisionActor | undefined {
  if (principal.role !== 'operator' && principal.role !== 'regulator') return undefined;
  if (!STAFF_ACCOUNT_ID.test(principal.accountId)) return undefined;
  return { role: principal.role, subject: principal.accountId.toLowerCase() };
}

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
  /**
   * Who asked: the member of staff on POST /v1/decisions. The event names the organisation the
   * decision is about, which did nothing; without the actor the citizen would read the entry as
   * that organisation's, and the person who asked would be unaccountable.
   */
  actor: DecisionActor;
}

/**
 * A decision as an audit event (operation 'decision', no fee: a decision releases nothing),
 * naming the member of staff who asked as its actor.
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
    actor: { role: input.actor.role, subject: input.actor.subject },
  };
}

function legalBasisOf(d: Decision, licence: Licence | undefined): AuditEventMessage['legalBasis'] {
  if (d.basis === 'citizen-self') return { kind: 'legal-duty', reference: CITIZEN_SELF_REFERENCE };
  // A denial under a legal-duty licence is still recorded against the duty it claimed.
  const dutyClaimed = d.basis === 'legal-duty' || (d.basis === null && licence?.legalBasis === 'legal-duty');
  if (dutyClaimed && licence?.legalReference) return { kind: 'legal-duty', reference: licence.legalReference.slice(0, 256) };
  return { kind: 'consent', consentId: d.consentId };
}
