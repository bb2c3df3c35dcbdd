// Pure reading of the Stripe objects our handlers need, tested against constructed events.

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const idOf = (v: unknown): string | null => str(v) ?? str(obj(v)['id']);

export interface TopUpPayment {
  topUpId: string | null;
  /** Whole VND paid (VND is zero-decimal: Stripe's amount is the amount in đồng). */
  amountVnd: bigint | null;
  currency: string | null;
  paid: boolean;
  providerRef: string | null;
}

/** A Checkout Session (checkout.session.*) as a top-up payment. */
export function transformStripeCheckoutSession(session: Record<string, unknown>): TopUpPayment {
  const metadata = obj(session['metadata']);
  const amount = int(session['amount_total']);
  return {
    topUpId: str(metadata['topUpId']) ?? str(session['client_reference_id']),
    amountVnd: amount === null ? null : BigInt(amount),
    currency: str(session['currency']),
    paid: session['payment_status'] === 'paid' || session['payment_status'] === 'no_payment_required',
    providerRef: str(session['id']),
  };
}

/** A PaymentIntent (payment_intent.*) as a top-up payment. */
export function transformStripePaymentIntent(intent: Record<string, unknown>): TopUpPayment {
  const amount = int(intent['amount_received']);
  return {
    topUpId: str(obj(intent['metadata'])['topUpId']),
    amountVnd: amount === null ? null : BigInt(amount),
    currency: str(intent['currency']),
    paid: intent['status'] === 'succeeded',
    providerRef: str(intent['id']),
  };
}

export interface InvoiceState {
  id: string;
  customerId: string | null;
  status: string;
  amountDue: number;
  amountPaid: number;
  currency: string | null;
}

export function transformStripeInvoice(invoice: Record<string, unknown>): InvoiceState | null {
  const id = str(invoice['id']);
  if (!id) return null;
  return {
    id,
    customerId: idOf(invoice['customer']),
    status: str(invoice['status']) ?? 'unknown',
    amountDue: int(invoice['amount_due']) ?? 0,
    amountPaid: int(invoice['amount_paid']) ?? 0,
    currency: str(invoice['currency']),
  };
}
