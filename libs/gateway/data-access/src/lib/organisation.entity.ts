import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const GATEWAY_SCHEMA = 'gateway';

/** Kinds of data user; the fee regulation exempts some of them. */
export const ORGANISATION_KINDS = ['enterprise', 'state-agency', 'specialised-database-agency', 'political-organisation'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** An organisation that buys verified lookups (the gateway's customer). */
@Entity({ schema: GATEWAY_SCHEMA, name: 'organisations' })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: OrganisationKind;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
