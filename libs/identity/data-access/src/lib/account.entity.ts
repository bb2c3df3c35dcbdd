import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@consentry/shared-auth';

export const IDENTITY_SCHEMA = 'identity';

/**
 * A person's login: a citizen (signing in as with their e-ID; known only by the keyed
 * pseudonym of their ID number), a regulator or an operator (known by a username).
 */
@Entity({ schema: IDENTITY_SCHEMA, name: 'accounts' })
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Staff username, or for citizens the pseudonym of their ID number. Unique. */
  @Column({ name: 'login', type: 'text' })
  login: string;

  @Column({ name: 'role', type: 'text' })
  role: Role;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ name: 'citizen_pseudonym', type: 'text', nullable: true })
  citizenPseudonym: string | null;

  @Column({ name: 'eid_level', type: 'smallint', nullable: true })
  eidLevel: number | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
