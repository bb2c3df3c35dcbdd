import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PaymentEvent } from '../payments.port';
import { StripeEventHandler } from './stripe-event-handler';
import { TopUpSettlement } from './top-up-settlement.service';
import { transformStripePaymentIntent } from './transform-stripe-event.util';

/** Also credits the top-up, so a lost checkout.session.completed cannot leave it unpaid. */
@Injectable()
export class PaymentIntentSucceededHandler extends StripeEventHandler {
  readonly type = 'payment_intent.succeeded';
  constructor(private readonly settlement: TopUpSettlement) {
    super();
  }
  handle(event: PaymentEvent, m: EntityManager) {
    return this.settlement.credit(transformStripePaymentIntent(event.data.object), m);
  }
}

/** A failed attempt; Checkout lets the payer try again, so the top-up stays open. */
@Injectable()
export class PaymentIntentFailedHandler extends StripeEventHandler {
  readonly type = 'payment_intent.payment_failed';
  private readonly logger = new Logger('PaymentIntentFailed');
  async handle(event: PaymentEvent): Promise<string> {
    const payment = transformStripePaymentIntent(event.data.object);
    this.logger.warn({ msg: 'top-up payment attempt failed', topUpId: payment.topUpId, paymentIntent: payment.providerRef });
    return 'noted: attempt failed';
  }
}
