import type { EntityManager } from 'typeorm';
import type { PaymentEvent } from '../payments.port';

/** Handles one Stripe event type, inside the transaction that marks the event processed. */
export abstract class StripeEventHandler {
  abstract readonly type: string;
  /** Returns a short outcome recorded with the event ("credited", "ignored: ..."). */
  abstract handle(event: PaymentEvent, manager: EntityManager): Promise<string>;
}

/** The DI token under which every handler is registered (one per type, checked at start). */
export const STRIPE_EVENT_HANDLERS = Symbol('STRIPE_EVENT_HANDLERS');
