import type { AuditEventMessage } from '@consentry/shared-queue';
import type { CaseActionKind } from '@consentry/monitoring-data-access';

/** Who case-action entries name as the actor organisation: the authority, never the organisation under investigation. */
export const REGULATOR_ORGANISATION = 'regulator';

/**
 * The audit event of one case action. The log is public, so it says which action was taken on
 * which case and when, not the notes or the organisation investigated (the case holds those);
 * a suspension is a deny, every other action an allow.
 */
export function caseActionAuditEvent(input: { eventId: string; at: string; caseId: string; action: CaseActionKind }): AuditEventMessage {
  return {
    eventId: input.eventId,
    occurredAt: input.at,
    organisationId: REGULATOR_ORGANISATION,
    operation: 'decision',
    purpose: 'regulatory-oversight',
    legalBasis: { kind: 'legal-duty', reference: `Law 91/2025/QH15 supervision, case ${input.caseId}` },
    decision: input.action === 'suspend-organisation' || input.action === 'suspend-api-key' ? 'deny' : 'allow',
    reasonCode: `CASE_${input.action.toUpperCase().replace(/-/g, '_')}`,
    fields: [],
    fee: null,
    requestId: `case-${input.caseId}`,
    citizenPseudonym: null,
  };
}
