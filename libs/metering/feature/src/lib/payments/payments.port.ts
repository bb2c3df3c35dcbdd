import { ProblemException } from '@consentry/shared-http';

/** A webhook event as the payment provider sent it (verified), in Stripe's event shape. */
export interface PaymentEvent {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
}

export interface TopUpCheckoutInput {
  topUpId: string;
  organisationId: string;
  customerId: string;
  /** Whole VND; VND is a zero-decimal currency, so this is also the provider's amount. */
  amountVnd: bigint;
}

export interface UsageReport {
  /** Deterministic (usageEventIdentifier): a retried report is the same event. */
  identifier: string;
  customerId: string;
  /** VND charged in the bucket: the meter's value. */
  amountVnd: bigint;
  fields: bigint;
  /** When the usage happened (the end of the reported day). */
  timestamp: Date;
}

/**
 * The payment provider, as a port: the Stripe adapter in production, DisabledPayments without
 * keys (the local ledger alone, top-ups recorded by operators).
 */
export abstract class PaymentsPort {
  abstract readonly enabled: boolean;
  abstract createCustomer(input: { organisationId: string; name: string }): Promise<{ customerId: string }>;
  abstract createTopUpCheckout(input: TopUpCheckoutInput): Promise<{ sessionId: string; url: string | null }>;
  abstract reportUsage(report: UsageReport): Promise<void>;
  /** Verifies the signature over the exact bytes received; throws WebhookSignatureError. */
  abstract parseWebhook(rawBody: Buffer, signatureHeader: string | undefined): PaymentEvent;
}

export class PaymentsDisabledError extends ProblemException {
  constructor() {
    super(503, 'payments-disabled', 'Online payments are not configured', 'This deployment has no payment provider keys; top-ups are recorded by operators.');
  }
}

export class WebhookSignatureError extends ProblemException {
  constructor() {
    super(400, 'webhook-signature', 'Invalid webhook signature', 'The Stripe-Signature header does not verify against the body received.');
  }
}

export class DisabledPayments extends PaymentsPort {
  readonly enabled = false;
  createCustomer(): Promise<{ customerId: string }> {
    return Promise.reject(new PaymentsDisabledError());
  }
  createTopUpCheckout(): Promise<{ sessionId: string; url: string | null }> {
    return Promise.reject(new PaymentsDisabledError());
  }
  reportUsage(): Promise<void> {
    return Promise.reject(new PaymentsDisabledError());
  }
  parseWebhook(): PaymentEvent {
    throw new PaymentsDisabledError();
  }
}
