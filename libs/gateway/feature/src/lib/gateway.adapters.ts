import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CHARGE_CALL_COLUMNS,
  ChargeCallResult,
  ChargeResult,
  ChargeService,
  InsufficientBalanceError,
  QuotaExceededError,
  chargeBatchFrom,
  chargeCall,
  chargeCallArgs,
} from '@consentry/metering-feature';
import { RECORDED_EARLIER } from '@consentry/gateway-data-access';
import { KeySuspensions } from '@consentry/identity-feature';
import { PolicyReader } from '@consentry/policy-feature';
import { Coalescer } from '@consentry/shared-database';
import { Balance, Charge, ChargeRefused, ChargeRequest, Db, Meter, PolicySource, PreparedCharge } from './gateway.ports';
import { READ_BATCHES } from './gateway.settings';

type InputsRequest = Parameters<PolicySource['forRequest']>[1];

/**
 * Licences, suspensions and consents from the policy engine's published reader, in one query
 * (nothing cached but licences). On the pool, concurrent requests share that query (ADR 0006).
 */
@Injectable()
export class PolicyReaderSource extends PolicySource {
  private readonly reader = new PolicyReader();
  private readonly pooled: Coalescer<InputsRequest, Awaited<ReturnType<PolicyReader['forRequestWithConsent']>>>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.pooled = new Coalescer((requests) => this.reader.forRequestsWithConsent(dataSource, requests), READ_BATCHES);
  }

  forRequest(db: Db, r: InputsRequest) {
    if (db === this.dataSource) return this.pooled.call(r);
    return this.reader.forRequestWithConsent(db, r.organisationId, r.apiKeyId, r.purposeCode, r.citizenPseudonym, r.now);
  }
}

/** Fees and the prepaid ledger from metering, in the gateway's transaction. */
@Injectable()
export class MeteringMeter extends Meter {
  constructor(private readonly charges: ChargeService) {
    super();
  }

  async prepare(db: Db, request: ChargeRequest): Promise<PreparedCharge> {
    const prepared = await this.charges.prepare(db, {
      ...request,
      organisationKind: request.organisationKind as Parameters<ChargeService['charge']>[1]['organisationKind'],
      outcome: request.product === 'SPDC01' ? 'match' : 'answered',
    });
    const ledgerCall = prepared.call;
    return {
      charge: toCharge(prepared.result, request.requestId),
      call: ledgerCall && {
        from: (first) => chargeCall(ledgerCall, first),
        columns: CHARGE_CALL_COLUMNS,
        recordWhen: 'charged',
        batch: { args: chargeCallArgs(ledgerCall), fromAll: chargeBatchFrom, retryWhen: 'busy' },
      },
      settle: async (result) => {
        // The gateway's request ids are new UUIDs, and its rows are written only for a charge made
        // now: an earlier charge of the same id would leave this answer without its records,
        // unless they were found stored with it (a batch that committed and lost its reply).
        if (result && result['status'] === 'replayed' && result !== RECORDED_EARLIER) throw new Error(`request ${request.requestId} was charged before`);
        try {
          return toCharge(await this.charges.settle(db, prepared, result as ChargeCallResult | undefined), request.requestId);
        } catch (error) {
          if (error instanceof InsufficientBalanceError) throw new ChargeRefused('insufficient-balance', error.message);
          if (error instanceof QuotaExceededError) throw new ChargeRefused('quota-exceeded', error.message);
          throw error;
        }
      },
    };
  }

  async balance(organisationId: string): Promise<Balance> {
    const view = await this.charges.balance(organisationId);
    return { balanceVnd: view.balanceVnd, currency: view.currency, quota: view.quota };
  }
}

function toCharge(result: ChargeResult, requestId: string): Charge {
  return {
    chargeId: result.chargeId ?? `free:${requestId}`,
    product: result.product,
    units: result.units,
    amountVnd: result.amountVnd,
    scheduleVersion: result.scheduleVersion,
    ...(result.exemption ? { exemption: String(result.exemption) } : {}),
  };
}

/** Key management's view of suspensions: the policy engine's reader, on the gateway's database. */
@Injectable()
export class PolicyKeySuspensions extends KeySuspensions {
  private readonly reader = new PolicyReader();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  suspended(organisationId: string, apiKeyId: string): Promise<boolean> {
    return this.reader.suspended(this.dataSource, organisationId, apiKeyId);
  }
}
