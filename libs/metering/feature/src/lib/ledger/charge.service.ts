import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NoScheduleInForceError, OUTCOMES, Price, ProductNotPricedError, priceRequest } from '@consentry/metering-domain';
import { vietnamDate } from '@consentry/shared-vietnam-time';
import { ChargeCallResult, LedgerRepository, LedgerTransactionRow, Queryable, QuotaRepository, runChargeCall } from '@consentry/metering-data-access';
import { ValidationProblem } from '@consentry/shared-http';
import { MeteringMetrics } from '../metering.metrics';
import { ChargeConflictError, FeeScheduleUnavailableError, InsufficientBalanceError, QuotaExceededError } from '../metering.errors';
import { METERING_CLOCK, METERING_SETTINGS, Clock, MeteringSettings } from '../metering.tokens';
import { FeeScheduleService } from '../schedules/fee-schedule.service';
import { BalanceView, ChargeInput, ChargeResult, GatewayProduct, PreparedCharge } from './charge.types';
import { LedgerAdjustmentsService } from './ledger-adjustments.service';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const KINDS = ['enterprise', 'state-agency', 'specialised-database-agency', 'political-organisation'];

/**
 * The gateway's charging contract (see the lib README). `charge` runs inside the caller's
 * transaction and is idempotent by request id; the prepaid balance is a hard limit across
 * replicas because every ledger write of an organisation first locks the prepaid balance slot it
 * draws on (a charge), or every slot (top-ups, refunds, corrections): ADR 0005.
 */
@Injectable()
export class ChargeService {
  private readonly ledger = new LedgerRepository();
  private readonly quotas = new QuotaRepository();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly schedules: FeeScheduleService,
    private readonly adjustments: LedgerAdjustmentsService,
    private readonly metrics: MeteringMetrics,
    @Inject(METERING_SETTINGS) private readonly settings: MeteringSettings,
    @Inject(METERING_CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Charges one answered request in the caller's transaction (or alone, on a DataSource):
   * prepare, then the single ledger call, then settle.
   */
  async charge(db: Queryable, input: ChargeInput): Promise<ChargeResult> {
    const prepared = await this.prepare(db, input);
    if (!prepared.call) return this.settle(db, prepared);
    return this.settle(db, prepared, await runChargeCall(db, prepared.call));
  }

  /**
   * Validates and prices a charge and fixes its id, without writing: the caller runs `call`
   * (see chargeCall) on its own or inside a larger statement, then hands its result to settle.
   * No call means the outcome is not billable and nothing is recorded.
   */
  async prepare(db: Queryable, input: ChargeInput): Promise<PreparedCharge> {
    validate(input);
    const price = await this.price(db, input);
    if (!price.billable) return { input, result: { chargeId: null, product: input.product, replayed: false, ...pick(price) } };
    const id = randomUUID();
    const fallback = this.settings.dailyUnitQuota;
    return {
      input,
      result: { chargeId: id, product: input.product, replayed: false, ...pick(price) },
      call: {
        id,
        organisationId: input.organisationId,
        requestId: input.requestId,
        product: input.product,
        purpose: input.purpose,
        scheduleVersion: price.scheduleVersion,
        exemption: price.exemption ?? null,
        outcome: input.outcome,
        units: price.units,
        unitPriceVnd: price.unitPriceVnd,
        amountVnd: price.amountVnd,
        waivedVnd: price.waivedVnd,
        actor: 'gateway',
        occurredAt: input.at,
        day: vietnamDate(input.at),
        defaultDailyUnits: fallback === null || fallback === undefined ? null : String(fallback),
      },
    };
  }

  /** The charge as answered, or the typed error of a refusal (nothing was written then). */
  async settle(db: Queryable, prepared: PreparedCharge, outcome?: ChargeCallResult): Promise<ChargeResult> {
    const { input } = prepared;
    switch (outcome?.status ?? 'charged') {
      case 'charged':
        this.metrics.charges.inc({ product: input.product, outcome: input.outcome });
        return prepared.result;
      case 'replayed': {
        const first = await this.ledger.findCharge(db, input.requestId);
        if (!first) throw new ChargeConflictError(input.requestId);
        return this.replay(first, input);
      }
      case 'insufficient-balance':
        this.metrics.rejections.inc({ reason: 'insufficient-balance' });
        throw new InsufficientBalanceError(input.organisationId, outcome!.balanceVnd ?? '0', prepared.call!.amountVnd);
      case 'quota-exceeded':
        this.metrics.rejections.inc({ reason: 'quota-exceeded' });
        throw new QuotaExceededError(input.organisationId, outcome!.dailyUnits ?? '0', outcome!.usedUnits ?? '0');
      default:
        throw new ChargeConflictError(input.requestId);
    }
  }

  /** Prepaid balance (cached row, kept equal to the sum of entries by the database) and quota. */
  async balance(organisationId: string, db: Queryable = this.dataSource): Promise<BalanceView> {
    const balance = await this.ledger.prepaidBalance(db, organisationId);
    const limit = await this.dailyLimit(db, organisationId);
    const day = vietnamDate(this.clock.now());
    return {
      organisationId,
      balanceVnd: balance.toString(),
      currency: 'VND',
      quota: limit === undefined ? null : { dailyUnits: limit.toString(), usedToday: (await this.quotas.usedOn(db, organisationId, day)).toString(), day },
    };
  }

  topUp(...args: Parameters<LedgerAdjustmentsService['topUp']>) {
    return this.adjustments.topUp(...args);
  }

  refund(...args: Parameters<LedgerAdjustmentsService['refund']>) {
    return this.adjustments.refund(...args);
  }

  correct(...args: Parameters<LedgerAdjustmentsService['correct']>) {
    return this.adjustments.correct(...args);
  }

  private async price(db: Queryable, input: ChargeInput): Promise<Price> {
    try {
      return priceRequest({ ...input, schedules: await this.schedules.schedulesFor(db, input.at) });
    } catch (error) {
      if (error instanceof NoScheduleInForceError || error instanceof ProductNotPricedError) throw new FeeScheduleUnavailableError(error.message);
      throw error;
    }
  }

  private async dailyLimit(db: Queryable, organisationId: string): Promise<bigint | undefined> {
    const own = await this.quotas.limitFor(db, organisationId);
    if (own !== undefined) return own;
    const fallback = this.settings.dailyUnitQuota;
    return fallback === null || fallback === undefined ? undefined : BigInt(fallback);
  }

  private replay(row: LedgerTransactionRow, input: ChargeInput): ChargeResult {
    if (row.organisationId !== input.organisationId || row.product !== input.product) throw new ChargeConflictError(input.requestId);
    const result: ChargeResult = {
      chargeId: row.id,
      billable: true,
      product: row.product as GatewayProduct,
      units: row.units,
      unitPriceVnd: row.unitPriceVnd ?? '0',
      amountVnd: (-BigInt(row.amountVnd)).toString(),
      scheduleVersion: row.scheduleVersion ?? '',
      replayed: true,
    };
    if (row.exemption) result.exemption = row.exemption as ChargeResult['exemption'];
    return result;
  }
}

function pick(p: Price) {
  const out: Omit<ChargeResult, 'chargeId' | 'product' | 'replayed'> = {
    billable: p.billable,
    units: p.units,
    unitPriceVnd: p.unitPriceVnd,
    amountVnd: p.amountVnd,
    scheduleVersion: p.scheduleVersion,
  };
  if (p.exemption) out.exemption = p.exemption;
  return out;
}

function validate(input: ChargeInput): void {
  const errors: { field: string; message: string }[] = [];
  if (typeof input.requestId !== 'string' || !REQUEST_ID.test(input.requestId)) errors.push({ field: 'requestId', message: 'must be 1-128 letters, digits or ._:-' });
  if (!/^[0-9a-f-]{36}$/i.test(input.organisationId)) errors.push({ field: 'organisationId', message: 'must be a UUID' });
  if (!KINDS.includes(input.organisationKind)) errors.push({ field: 'organisationKind', message: 'is not an organisation kind' });
  if (input.product !== 'SPDC01' && input.product !== 'SPDC04') errors.push({ field: 'product', message: 'must be SPDC01 (verify) or SPDC04 (lookup)' });
  if (typeof input.purpose !== 'string' || input.purpose.length < 1 || input.purpose.length > 64) errors.push({ field: 'purpose', message: 'must be 1-64 characters' });
  if (!Number.isSafeInteger(input.fieldsCount) || input.fieldsCount < 0 || input.fieldsCount > 1000) errors.push({ field: 'fieldsCount', message: 'must be a whole number 0-1000' });
  if (!(OUTCOMES as readonly string[]).includes(input.outcome)) errors.push({ field: 'outcome', message: 'is not an outcome' });
  if (!(input.at instanceof Date) || Number.isNaN(input.at.getTime())) errors.push({ field: 'at', message: 'must be a valid Date' });
  if (errors.length) throw new ValidationProblem(errors);
}
