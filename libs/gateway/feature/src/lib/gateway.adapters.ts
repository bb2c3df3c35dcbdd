import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChargeService, InsufficientBalanceError, QuotaExceededError } from '@consentry/metering-feature';
import { PolicyReader } from '@consentry/policy-feature';
import { Charge, ChargeRefused, ChargeRequest, LicenceSource, Meter } from './gateway.ports';

/** Licences and suspensions from the policy engine's published reader (no suspension cache). */
@Injectable()
export class PolicyLicenceSource extends LicenceSource {
  private readonly reader = new PolicyReader();

  forRequest(manager: EntityManager, organisationId: string, apiKeyId: string, purposeCode: string, now: Date) {
    return this.reader.forRequest(manager, organisationId, apiKeyId, purposeCode, now);
  }
}

/** Fees and the prepaid ledger from metering, in the gateway's transaction. */
@Injectable()
export class MeteringMeter extends Meter {
  constructor(private readonly charges: ChargeService) {
    super();
  }

  async charge(manager: EntityManager, request: ChargeRequest): Promise<Charge> {
    try {
      const result = await this.charges.charge(manager, {
        ...request,
        organisationKind: request.organisationKind as Parameters<ChargeService['charge']>[1]['organisationKind'],
        outcome: request.product === 'SPDC01' ? 'match' : 'answered',
      });
      return {
        chargeId: result.chargeId ?? `free:${request.requestId}`,
        product: result.product,
        units: result.units,
        amountVnd: result.amountVnd,
        scheduleVersion: result.scheduleVersion,
        ...(result.exemption ? { exemption: String(result.exemption) } : {}),
      };
    } catch (error) {
      if (error instanceof InsufficientBalanceError) throw new ChargeRefused('insufficient-balance', error.message);
      if (error instanceof QuotaExceededError) throw new ChargeRefused('quota-exceeded', error.message);
      throw error;
    }
  }

  async balance(organisationId: string) {
    const view = await this.charges.balance(organisationId);
    return { balanceVnd: view.balanceVnd, currency: view.currency, quota: view.quota };
  }
}
