import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { AUDIT_SCHEMA } from './audit-storage.constant';

/**
 * A citizen's data key, wrapped with the key-encryption key. Deleting the row is the erasure
 * right: the personal payloads it sealed become unreadable while leaves and proofs stay valid.
 * The only deletion the audit schema allows; updates are refused.
 */
@Entity({ schema: AUDIT_SCHEMA, name: 'citizen_keys' })
export class CitizenKeyEntity {
  @PrimaryColumn({ name: 'citizen_pseudonym', type: 'text' }) citizenPseudonym: string;
  @Column({ name: 'wrapped_key', type: 'bytea' }) wrappedKey: Buffer;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export const DISPUTE_STATUSES = ['open', 'under-review', 'upheld', 'dismissed'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** A citizen's "this access was not right": a case for the regulator. */
@Entity({ schema: AUDIT_SCHEMA, name: 'disputes' })
export class DisputeEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'entry_index', type: 'bigint' }) entryIndex: string;
  @Column({ name: 'citizen_pseudonym', type: 'text' }) citizenPseudonym: string;
  @Column({ name: 'account_id', type: 'text' }) accountId: string;
  @Column({ name: 'reason', type: 'text' }) reason: string;
  @Column({ name: 'status', type: 'text' }) status: DisputeStatus;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** An event the queue delivered that failed validation: its id and the field errors, never its content. */
@Entity({ schema: AUDIT_SCHEMA, name: 'rejected_events' })
export class RejectedEventEntity {
  @PrimaryColumn({ name: 'id', type: 'bigint' }) id: string;
  @Column({ name: 'event_id', type: 'text', nullable: true }) eventId: string | null;
  @Column({ name: 'errors', type: 'jsonb' }) errors: { field: string; message: string }[];
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
}
