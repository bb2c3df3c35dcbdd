import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PaymentEvent } from '../payments.port';
import { StripeEventHandler } from './stripe-event-handler';
import { TopUpSettlement } from './top-up-settlement.service';
import { transformStripeCheckoutSession } from './transform-stripe-event.util';

@Injectable()
export class CheckoutSessionCompletedHandler extends StripeEventHandler {
  readonly type = 'checkout.session.completed';
  constructor(private readonly settlement: TopUpSettlement) {
    super();
  }
  handle(event: PaymentEvent, m: EntityManager) {
    return this.settlement.credit(transformStripeCheckoutSession(event.data.object), m);
  }
}

/** Bank transfers and other delayed methods complete the session unpaid, then pay later. */
@Injectable()
export class CheckoutSessionAsyncPaymentSucceededHandler extends StripeEventHandler {
  readonly type = 'checkout.session.async_payment_succeeded';
  constructor(private readonly settlement: TopUpSettlement) {
    super();
  }
  handle(event: PaymentEvent, m: EntityManager) {
    return this.settlement.credit(transformStripeCheckoutSession(event.data.object), m);
  }
}

@Injectable()
export class CheckoutSessionAsyncPaymentFailedHandler extends StripeEventHandler {
  readonly type = 'checkout.session.async_payment_failed';
  constructor(private readonly settlement: TopUpSettlement) {
    super();
  }
  handle(event: PaymentEvent, m: EntityManager) {
    return this.settlement.close(transformStripeCheckoutSession(event.data.object).topUpId, 'failed', m);
  }
}

@Injectable()
export class CheckoutSessionExpiredHandler extends StripeEventHandler {
  readonly type = 'checkout.session.expired';
  constructor(private readonly settlement: TopUpSettlement) {
    super();
  }
  handle(event: PaymentEvent, m: EntityManager) {
    return this.settlement.close(transformStripeCheckoutSession(event.data.object).topUpId, 'expired', m);
  }
}
