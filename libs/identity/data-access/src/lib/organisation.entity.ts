import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { IDENTITY_SCHEMA } from './account.entity';

/** Kinds of data user; the fee regulation exempts some of them. */
export const ORGANISATION_KINDS = ['enterprise', 'state-agency', 'specialised-database-agency', 'political-organisation'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** An organisation that uses citizens' data (a bank, a telco, a state agency...). */
@Entity({ schema: IDENTITY_SCHEMA, name: 'organisations' })
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
