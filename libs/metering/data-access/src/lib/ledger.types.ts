export type LedgerKind = 'top-up' | 'charge' | 'refund' | 'correction';
export type AccountCode = 'prepaid' | 'fees' | 'funding';

/** One ledger transaction as stored; money as decimal strings (bigint columns). */
export interface LedgerTransactionRow {
  id: string;
  organisationId: string;
  kind: LedgerKind;
  requestId: string | null;
  externalRef: string | null;
  referencesId: string | null;
  product: string | null;
  purpose: string | null;
  scheduleVersion: string | null;
  exemption: string | null;
  outcome: string | null;
  units: number;
  unitPriceVnd: string | null;
  /** Signed effect on the organisation's prepaid balance. */
  amountVnd: string;
  waivedVnd: string;
  reason: string | null;
  actor: string;
  occurredAt: Date;
  recordedAt: Date;
}

export type NewLedgerTransaction = Omit<LedgerTransactionRow, 'recordedAt'>;
