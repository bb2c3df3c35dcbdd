import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BillingRepository } from '@consentry/metering-data-access';
import { LedgerAdjustmentsService } from '../../ledger/ledger-adjustments.service';
import { Clock, METERING_CLOCK } from '../../metering.tokens';
import { TopUpPayment } from './transform-stripe-event.util';

/** Credits a paid top-up to the ledger once, whichever event (session or intent) reports it first. */
@Injectable()
export class TopUpSettlement {
  private readonly logger = new Logger('TopUpSettlement');
  private readonly billing = new BillingRepository();

  constructor(
    private readonly ledger: LedgerAdjustmentsService,
    @Inject(METERING_CLOCK) private readonly clock: Clock,
  ) {}

  async credit(payment: TopUpPayment, m: EntityManager): Promise<string> {
    if (!payment.paid) return 'awaiting-payment';
    if (!payment.topUpId) return 'ignored: no top-up id';
    const topUp = await this.billing.findTopUp(m, payment.topUpId);
    if (!topUp) return 'ignored: unknown top-up';
    if (payment.currency !== 'vnd' || payment.amountVnd === null || payment.amountVnd <= 0n) {
      this.logger.warn({ msg: 'top-up paid in an unexpected currency or amount; not credited', topUpId: topUp.id, currency: payment.currency });
      return 'rejected: currency or amount';
    }
    if (payment.amountVnd.toString() !== topUp.amountVnd) {
      // What was paid is what the organisation gets; the difference is logged for follow-up.
      this.logger.warn({ msg: 'top-up paid amount differs from the amount requested', topUpId: topUp.id, requested: topUp.amountVnd, paid: payment.amountVnd.toString() });
    }
    const result = await this.ledger.topUp(
      { organisationId: topUp.organisationId, amountVnd: payment.amountVnd, reference: `stripe-top-up:${topUp.id}`, actor: 'stripe' },
      m,
    );
    await this.billing.settleTopUp(m, topUp.id, 'paid', this.clock.now());
    return result.replayed ? 'already credited' : 'credited';
  }

  async close(topUpId: string | null, status: 'failed' | 'expired', m: EntityManager): Promise<string> {
    if (!topUpId) return 'ignored: no top-up id';
    return (await this.billing.settleTopUp(m, topUpId, status, this.clock.now())) ? status : 'ignored: already settled';
  }
}
