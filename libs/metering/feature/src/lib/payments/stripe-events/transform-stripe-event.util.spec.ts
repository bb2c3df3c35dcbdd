import { transformStripeCheckoutSession, transformStripeInvoice, transformStripePaymentIntent } from './transform-stripe-event.util';

describe('transform-stripe-event', () => {
  it('reads a paid VND checkout session as a top-up payment', () => {
    expect(transformStripeCheckoutSession({ id: 'cs_1', amount_total: 2000000, currency: 'vnd', payment_status: 'paid', metadata: { topUpId: 't1' } })).toEqual({
      topUpId: 't1', amountVnd: 2000000n, currency: 'vnd', paid: true, providerRef: 'cs_1',
    });
    expect(transformStripeCheckoutSession({ id: 'cs_2', client_reference_id: 't2', payment_status: 'unpaid' })).toMatchObject({ topUpId: 't2', paid: false, amountVnd: null });
  });

  it('refuses fractional or unsafe amounts instead of rounding them', () => {
    expect(transformStripeCheckoutSession({ amount_total: 10.5 }).amountVnd).toBeNull();
    expect(transformStripePaymentIntent({ amount_received: 2 ** 60, status: 'succeeded' }).amountVnd).toBeNull();
  });

  it('reads invoices with an expanded or plain customer', () => {
    expect(transformStripeInvoice({ id: 'in_1', customer: { id: 'cus_1' }, status: 'paid', amount_due: 5, amount_paid: 5 })).toMatchObject({ customerId: 'cus_1', status: 'paid' });
    expect(transformStripeInvoice({ id: 'in_2', customer: 'cus_2' })).toMatchObject({ customerId: 'cus_2', amountDue: 0 });
    expect(transformStripeInvoice({})).toBeNull();
  });
});
