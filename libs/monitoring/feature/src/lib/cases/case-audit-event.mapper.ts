import type { AuditEventMessage } from '@consentry/shared-queue';
import { isUuid } from '@consentry/shared-http';
import type { CaseActionKind } from '@consentry/monitoring-data-access';

/** Who case-action entries name as the actor organisation: the authority, never the organisation under investigation. */
export const REGULATOR_ORGANISATION = 'regulator';

/** The regulator account that took a case action, as the audit event names it. */
export type CaseActionActor = { role: 'regulator'; subject: string };

/**
 * The actor of a case action taken by this person, in the form the audit log accepts; undefined
 * when they cannot be named so (not a regulator, or an account id that is not a UUID). The caller
 * then takes no action: one whose entry the log would refuse, or could not attribute, is not taken.
 */
export function caseActionActor(principal: { role: string; accountId: string }): CaseActionActor | undefined {
  // The audit log takes an actor's subject only as a staff account id, a UUID (identity.accounts.id).
  if (principal.role !== 'regulator' || !isUuid(principal.accountId)) return undefined;
  return { role: 'regulator', subject: principal.accountId.toLowerCase() };
}

/**
 * The audit event of one case action. The log is public, so it says which action was taken on
 * which case, when and by which regulator account, not the notes or the organisation investigated
 * (the case holds those); a suspension is a deny, every other action an allow. `actor` is null
 * for what the monitor does by itself (opening the case of a citizen's dispute): the log's actor
 * names staff only, and the entry then has none, as before actors existed.
 */
export function caseActionAuditEvent(input: { eventId: string; at: string; caseId: string; action: CaseActionKind; actor: CaseActionActor | null }): AuditEventMessage {
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
    ...(input.actor ? { actor: { role: input.actor.role, subject: input.actor.subject } } : {}),
  };
}
