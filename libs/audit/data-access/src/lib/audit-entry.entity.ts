import { Column, Entity, PrimaryColumn } from 'typeorm';
import { AUDIT_SCHEMA } from './audit-storage.constant';

/**
 * One sequenced event. `leaf` holds the exact bytes hashed into the tree; the other columns are
 * copies of leaf fields for filtering, plus the citizen's pseudonym and the salt of its
 * commitment, which are kept out of the (public) leaf. Append-only: a trigger refuses changes.
 * `reasonCode` and `noMatch` are NULL on entries written before those columns existed (their
 * leaf holds the values).
 */
@Entity({ schema: AUDIT_SCHEMA, name: 'entries' })
export class AuditEntryEntity {
  /** Position in the log (0-based); bigint arrives as a string. */
  @PrimaryColumn({ name: 'idx', type: 'bigint' }) index: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'leaf', type: 'bytea' }) leaf: Buffer;
  @Column({ name: 'leaf_hash', type: 'bytea' }) leafHash: Buffer;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
  @Column({ name: 'sequenced_at', type: 'timestamptz' }) sequencedAt: Date;
  @Column({ name: 'organisation_id', type: 'text' }) organisationId: string;
  @Column({ name: 'operation', type: 'text' }) operation: string;
  @Column({ name: 'purpose', type: 'text' }) purpose: string;
  @Column({ name: 'decision', type: 'text' }) decision: string;
  @Column({ name: 'fields', type: 'text', array: true }) fields: string[];
  @Column({ name: 'fee_amount_vnd', type: 'bigint', nullable: true }) feeAmountVnd: string | null;
  @Column({ name: 'citizen_pseudonym', type: 'text', nullable: true }) citizenPseudonym: string | null;
  @Column({ name: 'subject_salt', type: 'bytea', nullable: true }) subjectSalt: Buffer | null;
  @Column({ name: 'disclosure_after', type: 'timestamptz', nullable: true }) disclosureAfter: Date | null;
  @Column({ name: 'reason_code', type: 'text', nullable: true }) reasonCode: string | null;
  @Column({ name: 'no_match', type: 'boolean', nullable: true }) noMatch: boolean | null;
  /** NULL before AuditSequentialId; none of those entries carried the mark. */
  @Column({ name: 'sequential_id', type: 'boolean', nullable: true }) sequentialId: boolean | null;
  /** The staff member who asked or acted (a staff decision, a regulator's case action), when not the organisation (the leaf's `actor`); NULL otherwise and before AuditActor. */
  @Column({ name: 'actor_role', type: 'text', nullable: true }) actorRole: string | null;
  @Column({ name: 'actor_subject', type: 'uuid', nullable: true }) actorSubject: string | null;
}
