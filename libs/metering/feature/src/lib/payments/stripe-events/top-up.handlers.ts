import type { PaymentEvent } from '../payments.port';
import type { StripeEventHandler } from './stripe-event-handler';
import type { TopUpSettlement } from './top-up-settlement.service';
import { transformStripeCheckoutSession, transformStripePaymentIntent } from './transform-stripe-event.util';

/** The Stripe events that settle a top-up: each credits or closes the top-up its payment names. */
export function topUpEventHandlers(settlement: TopUpSettlement): StripeEventHandler[] {
  const session = (event: PaymentEvent) => transformStripeCheckoutSession(event.data.object);
  const on = (type: string, handle: StripeEventHandler['handle']): StripeEventHandler => ({ type, handle });
  return [
    on('checkout.session.completed', (e, m) => settlement.credit(session(e), m)),
    // Bank transfers and other delayed methods complete the session unpaid, then pay later.
    on('checkout.session.async_payment_succeeded', (e, m) => settlement.credit(session(e), m)),
    on('checkout.session.async_payment_failed', (e, m) => settlement.close(session(e).topUpId, 'failed', m)),
    on('checkout.session.expired', (e, m) => settlement.close(session(e).topUpId, 'expired', m)),
    // Also credits the top-up, so a lost checkout.session.completed cannot leave it unpaid.
    on('payment_intent.succeeded', (e, m) => settlement.credit(transformStripePaymentIntent(e.data.object), m)),
  ];
}
