import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { getDataSourceToken } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { usageEventIdentifier } from '@consentry/metering-domain';
import { vietnamDate } from '@consentry/shared-vietnam-time';
import { QueueName, QueueService } from '@consentry/shared-queue';
import { RunningService } from '@consentry/shared-runtime';
import { TestDatabase, startTestDatabase, startTestService } from '@consentry/shared-testing';
import { ChargeService } from '../ledger/charge.service';
import { StripeSettings } from '../metering.tokens';
import { STRIPE_WEBHOOK_PATH } from '../api/stripe-webhook.controller';
import { client, meteringTestSpec, seedOrganisation, sql, tokenFor } from '../testing/metering-test.fixture';
import { StripeEventProcessor } from './stripe-event-processor.service';
import { StripePayments } from './stripe-payments.adapter';
import { StripeSpecServer } from './testing/stripe-spec.server';
import { UsageReporter, usageReportJobId } from './usage-reporter.service';
import { PaymentsPort } from './payments.port';

const WEBHOOK_SECRET = 'whsec_test_secret_0123456789';

describe(`Stripe adapter against the spec-checking server (${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'})`, () => {
  let stripeServer: StripeSpecServer;
  let settings: StripeSettings;
  let db: TestDatabase;
  let service: RunningService;
  let call: ReturnType<typeof client>;
  let org: string;
  const operator = tokenFor('operator');
  const signer = new Stripe('sk_test_signer');

  const event = (type: string, object: Record<string, unknown>, id = `evt_${randomUUID().replace(/-/g, '')}`) => {
    const e = { ...stripeServer.sampleObject('event'), id, object: 'event', type, created: Math.floor(Date.now() / 1000), livemode: false, data: { object } };
    expect(stripeServer.checkObject('event', e)).toEqual([]);
    return e;
  };
  const deliver = async (payload: object, secret = WEBHOOK_SECRET) => {
    const body = JSON.stringify(payload);
    const header = signer.webhooks.generateTestHeaderString({ payload: body, secret });
    const res = await fetch(service.url + STRIPE_WEBHOOK_PATH, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header }, body });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (await res.json()) as any };
  };
  const processed = (id: string) =>
    (async () => {
      for (let i = 0; i < 200; i++) {
        const [row] = await sql(db.url, `SELECT outcome FROM metering.stripe_events WHERE id = $1 AND processed_at IS NOT NULL`, [id]);
        if (row) return row.outcome as string;
        await sleep(50);
      }
      throw new Error(`event ${id} not processed`);
    })();

  /** Delivers a signed event and waits for the outcome its processing recorded. */
  const outcomeOf = async (type: string, object: Record<string, unknown>) => {
    const e = event(type, object);
    await deliver(e);
    return processed(e.id);
  };

  beforeAll(async () => {
    stripeServer = await new StripeSpecServer().start();
    settings = {
      secretKey: 'sk_test_consentry', webhookSecret: WEBHOOK_SECRET, meterEventName: 'consentry_fees_vnd',
      successUrl: 'https://consentry.local/ok', cancelUrl: 'https://consentry.local/cancel',
      host: '127.0.0.1', port: stripeServer.port, protocol: 'http',
    };
    db = await startTestDatabase();
    service = await startTestService(meteringTestSpec({ stripe: settings, usageReportIntervalMs: 3_600_000, reconciliationIntervalMs: 3_600_000 }), db.url);
    call = client(service.url);
    org = await seedOrganisation(db.url, 'Công ty Bảo hiểm B');
  });
  afterAll(async () => {
    await service?.app.close();
    await db?.stop();
    await stripeServer?.stop();
  });

  describe('the checking server', () => {
    it('rejects what Stripe would reject: unknown and missing parameters, wrong types', async () => {
      const raw = new Stripe('sk_test_x', { host: '127.0.0.1', port: stripeServer.port, protocol: 'http', maxNetworkRetries: 0 });
      await expect(raw.customers.create({ bogus: 'x' } as unknown as Stripe.CustomerCreateParams)).rejects.toThrow(/bogus: unknown parameter/);
      await expect(raw.billing.meterEvents.create({ event_name: 'e' } as Stripe.Billing.MeterEventCreateParams)).rejects.toThrow(/payload: required parameter missing/);
      await expect(
        raw.checkout.sessions.create({ mode: 'payment', success_url: 'https://x', line_items: [{ quantity: 'one' as unknown as number }] }),
      ).rejects.toThrow(/line_items\[0\]\[quantity\]: expected an integer/);
      stripeServer.requests.length = 0;
    });
  });

  describe('StripePayments (the real SDK)', () => {
    const payments = () => new StripePayments(settings);

    it('creates customers, VND checkout sessions and meter events that match the spec', async () => {
      const { customerId } = await payments().createCustomer({ organisationId: org, name: 'Công ty Bảo hiểm B' });
      expect(customerId).toMatch(/^cus_/);
      const session = await payments().createTopUpCheckout({ topUpId: randomUUID(), organisationId: org, customerId, amountVnd: 2_000_000n });
      expect(session.url).toMatch(/^https:\/\//);
      const identifier = usageEventIdentifier(org, '2026-03-01');
      await payments().reportUsage({ identifier, customerId, amountVnd: 18000n, fields: 18n, timestamp: new Date() });
      expect(stripeServer.violations).toEqual([]);
      const [checkout] = stripeServer.calls('PostCheckoutSessions');
      expect(checkout.params).toMatchObject({ mode: 'payment', line_items: { 0: { quantity: '1', price_data: { currency: 'vnd', unit_amount: '2000000' } } } });
      expect(checkout.idempotencyKey).toMatch(/^consentry-top-up-/);
      const [meter] = stripeServer.calls('PostBillingMeterEvents');
      expect(meter.params).toMatchObject({ event_name: 'consentry_fees_vnd', identifier, payload: { stripe_customer_id: customerId, value: '18000', fields: '18' } });
      expect(stripeServer.calls('PostCustomers')[0].idempotencyKey).toBe(`consentry-customer-${org}`);
    });

    it('verifies webhook signatures with the SDK', () => {
      const body = JSON.stringify({ id: 'evt_1', type: 'invoice.paid', data: { object: {} } });
      const good = signer.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET });
      expect(payments().parseWebhook(Buffer.from(body), good).id).toBe('evt_1');
      const forged = signer.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_other' });
      expect(() => payments().parseWebhook(Buffer.from(body), forged)).toThrow(/signature/i);
      expect(() => payments().parseWebhook(Buffer.from(body + ' '), good)).toThrow(/signature/i);
    });
  });

  describe('top-up through Checkout, credited by webhook via BullMQ', () => {
    let checkout: { topUpId: string; checkoutSessionId: string; checkoutUrl: string };

    it('starts a checkout (customer created once) and credits nothing until paid', async () => {
      const res = await call('POST', `/v1/metering/organisations/${org}/top-ups/checkout`, operator, { amountVnd: '2000000' });
      expect(res.status).toBe(201);
      checkout = res.body;
      expect(checkout.checkoutUrl).toMatch(/^https:\/\//);
      expect((await call('POST', `/v1/metering/organisations/${org}/top-ups/checkout`, operator, { amountVnd: '5' })).status).toBe(400);
      expect((await call('GET', `/v1/metering/organisations/${org}/balance`, operator)).body.balanceVnd).toBe('0');
    });

    it('credits the balance once for checkout.session.completed, whatever is redelivered', async () => {
      const session = {
        ...stripeServer.sampleObject('checkout.session'),
        id: checkout.checkoutSessionId, object: 'checkout.session', mode: 'payment', currency: 'vnd', amount_total: 2_000_000,
        client_reference_id: checkout.topUpId, metadata: { topUpId: checkout.topUpId, organisationId: org }, payment_status: 'paid', status: 'complete',
      };
      expect(stripeServer.checkObject('checkout.session', session)).toEqual([]);
      const completed = event('checkout.session.completed', session);
      expect(await deliver(completed)).toEqual({ status: 200, body: { received: true, duplicate: false } });
      expect(await processed(completed.id)).toBe('credited');
      expect((await deliver(completed)).body.duplicate).toBe(true);
      const intent = { ...stripeServer.sampleObject('payment_intent'), object: 'payment_intent', id: 'pi_test_1', amount: 2_000_000, amount_received: 2_000_000, currency: 'vnd', status: 'succeeded', metadata: { topUpId: checkout.topUpId } };
      expect(stripeServer.checkObject('payment_intent', intent)).toEqual([]);
      expect(await outcomeOf('payment_intent.succeeded', intent)).toBe('already credited');
      await sleep(200);
      expect((await call('GET', `/v1/metering/organisations/${org}/balance`, operator)).body.balanceVnd).toBe('2000000');
      expect((await sql(db.url, `SELECT status FROM metering.top_ups WHERE id = $1`, [checkout.topUpId]))[0].status).toBe('paid');
    });

    it('closes an expired or failed checkout, credits one paid later by a delayed method, and credits money received after an expiry', async () => {
      const start = async () => (await call('POST', `/v1/metering/organisations/${org}/top-ups/checkout`, operator, { amountVnd: '1000000' })).body;
      const session = (c: typeof checkout, extra: Record<string, unknown>) => ({
        ...stripeServer.sampleObject('checkout.session'),
        id: c.checkoutSessionId, object: 'checkout.session', mode: 'payment', currency: 'vnd', amount_total: 1_000_000,
        client_reference_id: c.topUpId, metadata: { topUpId: c.topUpId, organisationId: org }, ...extra,
      });
      const status = async (c: typeof checkout) => (await sql(db.url, `SELECT status FROM metering.top_ups WHERE id = $1`, [c.topUpId]))[0].status;
      const before = BigInt((await call('GET', `/v1/metering/organisations/${org}/balance`, operator)).body.balanceVnd);
      const [expiring, failing, delayed] = [await start(), await start(), await start()];

      expect(await outcomeOf('checkout.session.expired', session(expiring, { payment_status: 'unpaid', status: 'expired' }))).toBe('expired');
      expect(await outcomeOf('checkout.session.async_payment_failed', session(failing, { payment_status: 'unpaid', status: 'complete' }))).toBe('failed');
      // Stripe does not promise event order: money reported received is credited even after an
      // expiry was recorded, never kept without credit.
      expect(await outcomeOf('checkout.session.async_payment_succeeded', session(expiring, { payment_status: 'paid', status: 'complete' }))).toBe('credited');

      expect(await outcomeOf('checkout.session.completed', session(delayed, { payment_status: 'unpaid', status: 'complete' }))).toBe('awaiting-payment');
      expect(await outcomeOf('checkout.session.async_payment_succeeded', session(delayed, { payment_status: 'paid', status: 'complete' }))).toBe('credited');

      expect([await status(expiring), await status(failing), await status(delayed)]).toEqual(['paid', 'failed', 'paid']);
      expect(BigInt((await call('GET', `/v1/metering/organisations/${org}/balance`, operator)).body.balanceVnd)).toBe(before + 2_000_000n);
    });

    it('refuses a forged signature and records invoices and unknown types', async () => {
      const forged = await deliver(event('checkout.session.completed', {}), 'whsec_attacker');
      expect(forged.status).toBe(400);
      expect(forged.body.type).toMatch(/webhook-signature$/);
      const invoice = { ...stripeServer.sampleObject('invoice'), object: 'invoice', id: 'in_test_1', status: 'paid', amount_due: 18000, amount_paid: 18000, currency: 'vnd' };
      expect(await outcomeOf('invoice.paid', invoice)).toBe('recorded: paid');
      expect(await outcomeOf('customer.created', {})).toMatch(/^ignored/);
      expect(service.app.get(StripeEventProcessor).handledTypes).toEqual([
        'checkout.session.async_payment_failed', 'checkout.session.async_payment_succeeded', 'checkout.session.completed', 'checkout.session.expired',
        'invoice.paid', 'invoice.payment_failed', 'payment_intent.payment_failed', 'payment_intent.succeeded',
      ]);
    });
  });

  describe('usage reported as meter events', () => {
    it('reports each closed day once per organisation with a deterministic identifier, also on retry', async () => {
      const ds: DataSource = service.app.get(getDataSourceToken());
      const at = new Date(Date.now() - 2 * 86_400_000);
      const day = vietnamDate(at);
      for (let i = 0; i < 3; i++) {
        await ds.transaction((m) =>
          service.app.get(ChargeService).charge(m, {
            requestId: randomUUID(), organisationId: org, organisationKind: 'enterprise', product: 'SPDC01', purpose: 'claims', fieldsCount: 6, citizenSelf: false, outcome: 'match', at,
          }),
        );
      }
      stripeServer.requests.length = 0;
      const reporter = service.app.get(UsageReporter);
      expect(await reporter.sweep()).toBeGreaterThanOrEqual(1);
      const identifier = usageEventIdentifier(org, day);
      for (let i = 0; i < 100 && stripeServer.calls('PostBillingMeterEvents').length === 0; i++) await sleep(50);
      for (let i = 0; i < 100 && (await sql(db.url, `SELECT 1 FROM metering.usage_reports WHERE identifier = $1`, [identifier])).length === 0; i++) await sleep(50);
      const sent = stripeServer.calls('PostBillingMeterEvents').filter((r) => r.params['identifier'] === identifier);
      expect(sent).toHaveLength(1);
      expect(sent[0].params).toMatchObject({ payload: { value: '18000', fields: '18' } });
      expect(await reporter.report(org, day)).toBe('already reported');
      // A crash between Stripe's answer and our record: the retry is the same event.
      await sql(db.url, `DELETE FROM metering.usage_reports WHERE identifier = $1`, [identifier]);
      expect(await reporter.report(org, day)).toBe('reported');
      const again = stripeServer.calls('PostBillingMeterEvents').filter((r) => r.params['identifier'] === identifier);
      expect(new Set(again.map((r) => r.params['identifier'])).size).toBe(1);
      expect(new Set(again.map((r) => r.idempotencyKey))).toEqual(new Set([identifier]));
      expect(stripeServer.violations).toEqual([]);
    });

    it('queues a day again when an earlier report job for it failed every attempt', async () => {
      const ds: DataSource = service.app.get(getDataSourceToken());
      const at = new Date(Date.now() - 3 * 86_400_000);
      const day = vietnamDate(at);
      await ds.transaction((m) =>
        service.app.get(ChargeService).charge(m, {
          requestId: randomUUID(), organisationId: org, organisationKind: 'enterprise', product: 'SPDC01', purpose: 'claims', fieldsCount: 2, citizenSelf: false, outcome: 'match', at,
        }),
      );
      // The job of an earlier sweep, failed for good while Stripe refused (here after one attempt).
      const payments = service.app.get(PaymentsPort);
      const reportUsage = payments.reportUsage;
      payments.reportUsage = async () => {
        throw new Error('Stripe unavailable');
      };
      try {
        const failed = await service.app.get(QueueService).add(QueueName.BillingSync, 'report-usage', { organisationId: org, periodStart: day }, { jobId: usageReportJobId(org, day), attempts: 1 });
        for (let i = 0; i < 200 && (await failed.getState()) !== 'failed'; i++) await sleep(50);
        expect(await failed.getState()).toBe('failed');
      } finally {
        payments.reportUsage = reportUsage;
      }

      expect(await service.app.get(UsageReporter).sweep()).toBeGreaterThanOrEqual(1);
      const identifier = usageEventIdentifier(org, day);
      for (let i = 0; i < 200 && (await sql(db.url, `SELECT 1 FROM metering.usage_reports WHERE identifier = $1`, [identifier])).length === 0; i++) await sleep(50);
      expect(await sql(db.url, `SELECT amount_vnd::text AS amount FROM metering.usage_reports WHERE identifier = $1`, [identifier])).toEqual([{ amount: '2000' }]);
      expect(stripeServer.calls('PostBillingMeterEvents').filter((r) => r.params['identifier'] === identifier)).toHaveLength(1);
    });
  });
});
