import Stripe from 'stripe';
import { StripeSettings } from '../metering.tokens';
import { PaymentEvent, PaymentsPort, TopUpCheckoutInput, UsageReport, WebhookSignatureError } from './payments.port';

/**
 * Stripe through its official SDK. Every create call carries an idempotency key derived from
 * our own ids, so a retry (ours or the SDK's) never creates a second customer or session; meter
 * events carry a deterministic identifier for the same reason.
 */
export class StripePayments extends PaymentsPort {
  readonly enabled = true;
  private readonly stripe: Stripe;

  constructor(private readonly settings: StripeSettings) {
    super();
    this.stripe = new Stripe(settings.secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
      appInfo: { name: 'consentry-metering' },
      ...(settings.host ? { host: settings.host } : {}),
      ...(settings.port ? { port: settings.port } : {}),
      ...(settings.protocol ? { protocol: settings.protocol } : {}),
    });
  }

  async createCustomer(input: { organisationId: string; name: string }): Promise<{ customerId: string }> {
    const customer = await this.stripe.customers.create(
      { name: input.name, metadata: { organisationId: input.organisationId } },
      { idempotencyKey: `consentry-customer-${input.organisationId}` },
    );
    return { customerId: customer.id };
  }

  async createTopUpCheckout(input: TopUpCheckoutInput): Promise<{ sessionId: string; url: string | null }> {
    // The SDK takes amounts as numbers; callers keep top-ups far below 2^53, so this is exact.
    const unitAmount = Number(input.amountVnd);
    if (!Number.isSafeInteger(unitAmount)) throw new RangeError('top-up amount out of range');
    const metadata = { topUpId: input.topUpId, organisationId: input.organisationId };
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        customer: input.customerId,
        client_reference_id: input.topUpId,
        line_items: [{ quantity: 1, price_data: { currency: 'vnd', unit_amount: unitAmount, product_data: { name: 'Consentry prepaid balance' } } }],
        payment_intent_data: { metadata },
        metadata,
        success_url: this.settings.successUrl,
        cancel_url: this.settings.cancelUrl,
      },
      { idempotencyKey: `consentry-top-up-${input.topUpId}` },
    );
    return { sessionId: session.id, url: session.url };
  }

  async reportUsage(report: UsageReport): Promise<void> {
    await this.stripe.billing.meterEvents.create(
      {
        event_name: this.settings.meterEventName,
        identifier: report.identifier,
        timestamp: Math.floor(report.timestamp.getTime() / 1000),
        payload: { stripe_customer_id: report.customerId, value: report.amountVnd.toString(), fields: report.fields.toString() },
      },
      { idempotencyKey: report.identifier },
    );
  }

  parseWebhook(rawBody: Buffer, signatureHeader: string | undefined): PaymentEvent {
    if (!signatureHeader) throw new WebhookSignatureError();
    try {
      return this.stripe.webhooks.constructEvent(rawBody, signatureHeader, this.settings.webhookSecret) as unknown as PaymentEvent;
    } catch {
      throw new WebhookSignatureError();
    }
  }
}
