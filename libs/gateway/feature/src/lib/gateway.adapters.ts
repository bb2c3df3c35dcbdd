import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChargeService, InsufficientBalanceError, QuotaExceededError } from '@consentry/metering-feature';
import { PolicyReader } from '@consentry/policy-feature';
import { Charge, ChargeRefused, ChargeRequest, Meter, PolicySource } from './gateway.ports';

/** Licences, suspensions and consents from the policy engine's published reader (nothing cached but licences). */
@Injectable()
export class PolicyReaderSource extends PolicySource {
  private readonly reader = new PolicyReader();

  forRequest(manager: EntityManager, organisationId: string, apiKeyId: string, purposeCode: string, now: Date) {
    return this.reader.forRequest(manager, organisationId, apiKeyId, purposeCode, now);
  }

  consentFor(manager: EntityManager, citizenPseudonym: string, organisationId: string, purposeCode: string, now: Date) {
    return this.reader.consentFor(manager, citizenPseudonym, organisationId, purposeCode, now);
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
