export const AUDIT_OPERATIONS = ['verify', 'lookup', 'batch', 'decision', 'consent-change'] as const;
export type AuditOperation = (typeof AUDIT_OPERATIONS)[number];

export const AUDIT_DECISIONS = ['allow', 'deny'] as const;
export type AuditDecision = (typeof AUDIT_DECISIONS)[number];

/** Why the access was lawful (or claimed to be): a consent, or a duty in law (e.g. an investigation). */
export type LegalBasis =
  /** consentId is null when the caller claimed consent but none was found (the decision is then deny). */
  | { kind: 'consent'; consentId: string | null }
  | { kind: 'legal-duty'; reference: string };

/** Staff roles that may cause an event: a decision asked on POST /v1/decisions, or a regulator's case action. */
export const AUDIT_ACTOR_ROLES = ['operator', 'regulator'] as const;
export type AuditActorRole = (typeof AUDIT_ACTOR_ROLES)[number];

/**
 * Who caused an event when it was not the organisation it names: a member of staff, by role and
 * staff account id (a UUID of identity.accounts, never a citizen's data). The leaf is public, so
 * the account id is too; it is how a planted entry is traced back to the person who asked.
 */
export interface AuditActor {
  role: AuditActorRole;
  subject: string;
}

export interface AuditFee {
  product: string;
  /** Whole VND; a string (bigint-safe) or a safe integer, never a fraction. Leaves hold the string. */
  amountVnd: string | number;
  scheduleVersion: string;
}

/**
 * One access (or decision, or consent change) as producers send it to the audit log. The citizen
 * is named only by the keyed pseudonym of their ID number, computed by the producer.
 */
export interface AuditEvent {
  /** UUID chosen by the producer; ingestion is idempotent on it. */
  eventId: string;
  /** ISO 8601 timestamp with a zone, e.g. 2026-03-01T08:15:00.123Z. */
  occurredAt: string;
  organisationId: string;
  operation: AuditOperation;
  purpose: string;
  legalBasis: LegalBasis;
  decision: AuditDecision;
  reasonCode: string;
  /** Field codes touched (population field catalogue), e.g. ["fullName", "dateOfBirth"]. */
  fields: string[];
  fee: AuditFee | null;
  requestId: string;
  /** HMAC-SHA256 hex of the ID number (PSEUDONYM_KEY); null when no citizen is concerned. */
  citizenPseudonym: string | null;
  /** Hidden from the citizen until this instant (or date: 00:00 Asia/Ho_Chi_Minh). In the tree at once. */
  disclosureAfter?: string | null;
  /** Personal data worth keeping (e.g. the match results); encrypted with the citizen's key at rest. */
  personal?: Record<string, unknown> | null;
  /**
   * True when a verification answered no_match on every field asked, or a lookup found no
   * citizen: the trace an enumeration leaves. Omitted (never false) in the leaf, so leaves of
   * events without it hash exactly as before the field existed.
   */
  noMatch?: boolean;
  /**
   * True when the gateway saw this organisation ask, shortly before, for an ID number next to this
   * one (a scan through sequential numbers). The log holds pseudonyms only, so this is the one
   * trace of such a pattern it can keep. Omitted (never false) in the leaf, like `noMatch`.
   */
  sequentialId?: boolean;
  /**
   * Set only when a member of staff, not the organisation, caused the event (decisions asked on
   * POST /v1/decisions; a regulator's case actions, organisation `regulator`). Omitted in the
   * leaf when absent, like `noMatch`, so leaves of events without it hash exactly as before the
   * field existed.
   */
  actor?: AuditActor;
}

/** An event after validation: normalised timestamps and fee, ready to be sequenced. */
export interface NormalisedAuditEvent extends Omit<AuditEvent, 'fee' | 'disclosureAfter' | 'personal'> {
  fee: { product: string; amountVnd: string; scheduleVersion: string } | null;
  disclosureAfter: string | null;
  personal: Record<string, unknown> | null;
}
