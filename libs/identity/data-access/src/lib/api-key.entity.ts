import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { IDENTITY_SCHEMA } from './account.entity';
import { OrganisationEntity } from './organisation.entity';

/**
 * verify, lookup, batch: gateway operations; consent: request consents from citizens; keys:
 * manage the organisation's own API keys (issue, rotate, revoke), never beyond its own scopes;
 * breaches: report the organisation's personal-data breaches and read them.
 */
export const API_KEY_SCOPES = ['verify', 'lookup', 'batch', 'consent', 'keys', 'breaches'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** An organisation's API key, stored only as its SHA-256 hash beside a visible prefix. */
@Entity({ schema: IDENTITY_SCHEMA, name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'organisation_id' })
  organisation: OrganisationEntity;

  @Column({ type: 'text' })
  prefix: string;

  @Column({ name: 'key_hash', type: 'text', select: false })
  keyHash: string;

  @Column({ type: 'text', array: true })
  scopes: ApiKeyScope[];

  @Column({ type: 'text' })
  label: string;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** Who revoked it: `operator:<account id>` or `key:<key id>`. */
  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy: string | null;

  /** Set when the key was rotated with a grace period: it stops working then. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  /** The key that replaced it (rotation); a key is rotated at most once. */
  @Column({ name: 'replaced_by', type: 'uuid', nullable: true })
  replacedBy: string | null;

  /** Who issued it: `operator:<account id>`, `key:<key id>` or `seed`. */
  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
