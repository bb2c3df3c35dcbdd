import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { parseVnd } from '@consentry/metering-domain';
import { LedgerRepository, LedgerTransactionRow, NewLedgerTransaction } from '@consentry/metering-data-access';
import { ValidationProblem } from '@consentry/shared-http';
import { InsufficientBalanceError, LedgerRuleError } from '../metering.errors';
import { Clock, METERING_CLOCK } from '../metering.tokens';

export interface LedgerWriteResult {
  transactionId: string;
  organisationId: string;
  kind: 'top-up' | 'refund' | 'correction';
  amountVnd: string;
  balanceVnd: string;
  replayed: boolean;
}

export interface TopUpInput {
  organisationId: string;
  amountVnd: string | bigint;
  /** Payment reference (Stripe top-up id, bank transfer number): one top-up per reference. */
  reference: string;
  actor: string;
}

export interface RefundInput {
  chargeId: string;
  /** Default: whatever of the charge is not refunded yet. */
  amountVnd?: string | bigint;
  reason: string;
  actor: string;
  /** Makes a retried refund return the first one. */
  reference?: string;
}

export interface CorrectionInput {
  chargeId: string;
  /** Signed: positive charges more, negative gives back. */
  deltaVnd: string | bigint;
  reason: string;
  actor: string;
  reference?: string;
}

/**
 * Top-ups, refunds and corrections. Each takes the organisation's prepaid-account lock first
 * (the same lock charges take), so checks of balances and of what is left to refund hold until
 * commit whatever other replicas do. Pass a manager to run inside your transaction.
 */
@Injectable()
export class LedgerAdjustmentsService {
  private readonly ledger = new LedgerRepository();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(METERING_CLOCK) private readonly clock: Clock,
  ) {}

  topUp(input: TopUpInput, manager?: EntityManager): Promise<LedgerWriteResult> {
    const amount = positive(input.amountVnd, 'amountVnd');
    if (!input.reference || input.reference.length > 200) throw new ValidationProblem([{ field: 'reference', message: 'must be 1-200 characters' }]);
    return this.inTransaction(manager, async (m) => {
      await this.ledger.ensureAccounts(m, input.organisationId);
      const prepaid = await this.ledger.lockPrepaid(m, input.organisationId);
      const previous = await this.ledger.findByExternalRef(m, 'top-up', input.reference);
      if (previous) return this.replayed(m, previous);
      const at = this.clock.now();
      const tx = this.transaction({ organisationId: input.organisationId, kind: 'top-up', amountVnd: amount.toString(), externalRef: input.reference, actor: input.actor, occurredAt: at });
      await this.ledger.insertTransaction(m, tx);
      const accounts = await this.ledger.accountIds(m, input.organisationId);
      await this.ledger.insertEntries(m, tx.id, at, [
        { accountId: accounts.funding, amountVnd: -amount },
        { accountId: accounts.prepaid, amountVnd: amount },
      ]);
      return { transactionId: tx.id, organisationId: input.organisationId, kind: 'top-up', amountVnd: amount.toString(), balanceVnd: ((prepaid?.balanceVnd ?? 0n) + amount).toString(), replayed: false };
    });
  }

  refund(input: RefundInput, manager?: EntityManager): Promise<LedgerWriteResult> {
    reasonOf(input.reason);
    return this.inTransaction(manager, async (m) => {
      const { charge, prepaid, previous } = await this.prepare(m, input.chargeId, 'refund', input.reference);
      if (previous) return this.replayed(m, previous);
      const open = openAmount(charge, await this.ledger.adjustmentsOf(m, charge.id));
      const amount = input.amountVnd === undefined ? open : positive(input.amountVnd, 'amountVnd');
      if (amount <= 0n || amount > open) {
        throw new LedgerRuleError(409, 'refund-exceeds-charge', 'Refund exceeds the charge', `At most ${open} VND of this charge can be refunded.`);
      }
      return this.adjust(m, charge, 'refund', amount, prepaid, input);
    });
  }

  correct(input: CorrectionInput, manager?: EntityManager): Promise<LedgerWriteResult> {
    reasonOf(input.reason);
    const delta = parseSigned(input.deltaVnd);
    return this.inTransaction(manager, async (m) => {
      const { charge, prepaid, previous } = await this.prepare(m, input.chargeId, 'correction', input.reference);
      if (previous) return this.replayed(m, previous);
      if (delta < 0n) {
        const open = openAmount(charge, await this.ledger.adjustmentsOf(m, charge.id));
        if (-delta > open) throw new LedgerRuleError(409, 'correction-exceeds-charge', 'Correction exceeds the charge', `At most ${open} VND of this charge can be given back.`);
      } else if (prepaid < delta) {
        throw new InsufficientBalanceError(charge.organisationId, prepaid.toString(), delta.toString());
      }
      return this.adjust(m, charge, 'correction', -delta, prepaid, input);
    });
  }

  private async prepare(m: EntityManager, chargeId: string, kind: 'refund' | 'correction', reference?: string) {
    if (!/^[0-9a-f-]{36}$/i.test(chargeId)) throw new ValidationProblem([{ field: 'chargeId', message: 'must be a UUID' }]);
    const charge = await this.ledger.findTransaction(m, chargeId);
    if (!charge || charge.kind !== 'charge') throw new LedgerRuleError(404, 'charge-not-found', 'Charge not found', `No charge ${chargeId}`);
    await this.ledger.ensureAccounts(m, charge.organisationId);
    const locked = await this.ledger.lockPrepaid(m, charge.organisationId);
    const previous = reference ? await this.ledger.findByExternalRef(m, kind, reference) : undefined;
    return { charge, prepaid: locked?.balanceVnd ?? 0n, previous };
  }

  /** Books `balanceEffect` (+ gives money back, - takes more) against the charge's fee. */
  private async adjust(m: EntityManager, charge: LedgerTransactionRow, kind: 'refund' | 'correction', balanceEffect: bigint, prepaid: bigint, input: { reason: string; actor: string; reference?: string }): Promise<LedgerWriteResult> {
    const at = this.clock.now();
    const tx = this.transaction({
      organisationId: charge.organisationId,
      kind,
      amountVnd: balanceEffect.toString(),
      externalRef: input.reference ?? null,
      referencesId: charge.id,
      product: charge.product,
      purpose: charge.purpose,
      scheduleVersion: charge.scheduleVersion,
      reason: input.reason,
      actor: input.actor,
      occurredAt: at,
    });
    await this.ledger.insertTransaction(m, tx);
    const accounts = await this.ledger.accountIds(m, charge.organisationId);
    await this.ledger.insertEntries(m, tx.id, at, [
      { accountId: accounts.prepaid, amountVnd: balanceEffect },
      { accountId: accounts.fees, amountVnd: -balanceEffect },
    ]);
    return { transactionId: tx.id, organisationId: charge.organisationId, kind, amountVnd: balanceEffect.toString(), balanceVnd: (prepaid + balanceEffect).toString(), replayed: false };
  }

  private transaction(t: Partial<NewLedgerTransaction> & Pick<NewLedgerTransaction, 'organisationId' | 'kind' | 'amountVnd' | 'actor' | 'occurredAt'>): NewLedgerTransaction {
    return {
      id: randomUUID(), requestId: null, externalRef: null, referencesId: null, product: null, purpose: null, scheduleVersion: null,
      exemption: null, outcome: null, units: 0, unitPriceVnd: null, waivedVnd: '0', reason: null, ...t,
    };
  }

  private async replayed(m: EntityManager, t: LedgerTransactionRow): Promise<LedgerWriteResult> {
    return {
      transactionId: t.id,
      organisationId: t.organisationId,
      kind: t.kind as LedgerWriteResult['kind'],
      amountVnd: t.amountVnd,
      balanceVnd: (await this.ledger.prepaidBalance(m, t.organisationId)).toString(),
      replayed: true,
    };
  }

  private inTransaction<T>(manager: EntityManager | undefined, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return manager ? work(manager) : this.dataSource.transaction(work);
  }
}

/** What of a charge has not been given back yet: its fee, less refunds, plus/minus corrections. */
function openAmount(charge: LedgerTransactionRow, adjustments: bigint): bigint {
  return -(BigInt(charge.amountVnd) + adjustments);
}

function positive(value: string | bigint, field: string): bigint {
  let amount: bigint;
  try {
    amount = parseVnd(value);
  } catch {
    throw new ValidationProblem([{ field, message: 'must be whole VND' }]);
  }
  if (amount <= 0n) throw new ValidationProblem([{ field, message: 'must be more than 0' }]);
  return amount;
}

function parseSigned(value: string | bigint): bigint {
  try {
    const delta = parseVnd(value);
    if (delta !== 0n) return delta;
  } catch {
    /* reported below */
  }
  throw new ValidationProblem([{ field: 'deltaVnd', message: 'must be whole VND other than 0' }]);
}

function reasonOf(reason: string): void {
  if (typeof reason !== 'string' || reason.trim().length < 3 || reason.length > 500) throw new ValidationProblem([{ field: 'reason', message: 'must be 3-500 characters' }]);
}
