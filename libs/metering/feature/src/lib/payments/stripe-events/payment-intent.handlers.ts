import { Injectable, Logger } from '@nestjs/common';
import type { PaymentEvent } from '../payments.port';
import { StripeEventHandler } from './stripe-event-handler';
import { transformStripePaymentIntent } from './transform-stripe-event.util';

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
