import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { METERING_SCHEMA } from './metering-schema.constant';

// Entities describe the tables for TypeORM's metadata; the repositories use explicit SQL so that
// every statement can run inside a caller's transaction and say exactly which rows it locks.

@Entity({ schema: METERING_SCHEMA, name: 'fee_schedules' })
export class FeeScheduleEntity {
  @PrimaryColumn({ type: 'text' }) version: string;
  @Column({ name: 'effective_from', type: 'date' }) effectiveFrom: string;
  @Column({ name: 'effective_to', type: 'date', nullable: true }) effectiveTo: string | null;
  @Column({ type: 'jsonb' }) definition: unknown;
  @Column({ name: 'legal_reference', type: 'text' }) legalReference: string;
  @Column({ name: 'published_by', type: 'text' }) publishedBy: string;
  @Column({ name: 'published_at', type: 'timestamptz' }) publishedAt: Date;
}

@Entity({ schema: METERING_SCHEMA, name: 'accounts' })
export class LedgerAccountEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ type: 'text' }) code: 'prepaid' | 'fees' | 'funding';
}

@Entity({ schema: METERING_SCHEMA, name: 'ledger_transactions' })
export class LedgerTransactionEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ type: 'text' }) kind: 'top-up' | 'charge' | 'refund' | 'correction';
  @Column({ name: 'request_id', type: 'text', nullable: true }) requestId: string | null;
  @Column({ name: 'amount_vnd', type: 'bigint' }) amountVnd: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
}

@Entity({ schema: METERING_SCHEMA, name: 'ledger_entries' })
export class LedgerEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'transaction_id', type: 'uuid' }) transactionId: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  @Column({ name: 'amount_vnd', type: 'bigint' }) amountVnd: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
}

export const meteringEntities = [FeeScheduleEntity, LedgerAccountEntity, LedgerTransactionEntity, LedgerEntryEntity];
