import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RunningService } from '@consentry/shared-runtime';
import { TestDatabase, startTestDatabase, startTestService } from '@consentry/shared-testing';
import { ChargeService } from '../ledger/charge.service';
import { ChargeInput } from '../ledger/charge.types';
import { client, meteringTestSpec, seedOrganisation, tokenFor } from '../testing/metering-test.fixture';

const vn = (local: string) => new Date(`${local}+07:00`);

describe(`metering operators API on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'}`, () => {
  let db: TestDatabase;
  let service: RunningService;
  let call: ReturnType<typeof client>;
  let org: string;
  let agency: string;
  const operator = tokenFor('operator');
  const regulator = tokenFor('regulator');
  const citizen = tokenFor('citizen');
  // The service lives on 5 June 2024 (Vietnam): top-ups and corrections happen then.
  const clock = { now: () => vn('2024-06-05T10:00:00') };

  const charge = (overrides: Partial<ChargeInput>) => {
    const charges = service.app.get(ChargeService);
    const ds: DataSource = service.app.get(getDataSourceToken());
    return ds.transaction((m) =>
      charges.charge(m, {
        requestId: randomUUID(), organisationId: org, organisationKind: 'enterprise', product: 'SPDC01', purpose: 'account-opening',
        fieldsCount: 18, citizenSelf: false, outcome: 'match', at: vn('2024-06-10T09:00:00'), ...overrides,
      }),
    );
  };

  beforeAll(async () => {
    db = await startTestDatabase();
    service = await startTestService(meteringTestSpec({ runJobs: false }, [], clock), db.url);
    call = client(service.url);
    org = await seedOrganisation(db.url, 'Ngân hàng Thương mại Á Châu');
    agency = await seedOrganisation(db.url, 'Sở Tư pháp', 'state-agency');
  });
  afterAll(async () => {
    await service?.app.close();
    await db?.stop();
  });

  describe('fee schedules', () => {
    const next = {
      version: 'TT-2024-07.1',
      effectiveFrom: '2024-07-01',
      effectiveTo: null,
      ratesVnd: { SPDC01: '1200', SPDC04: '1500' },
      reductions: [],
      exemptOrganisationKinds: ['state-agency', 'specialised-database-agency', 'political-organisation'],
      citizenSelfExempt: true,
      billableOutcomes: ['match', 'no-match', 'answered'],
      collectorRetainedBasisPoints: 3000,
      declarationDueDay: 5,
      legalReference: 'Test circular',
    };

    it('lists the seeded Circular 48/2022 schedule to operators and regulators only', async () => {
      const list = await call('GET', '/v1/metering/fee-schedules', regulator);
      expect(list.status).toBe(200);
      expect(list.body[0]).toMatchObject({ version: 'TT48-2022.1', effectiveFrom: '2022-09-17', ratesVnd: { SPDC01: '1000' }, reductions: [expect.objectContaining({ basisPoints: 5000, to: '2023-12-31' })] });
      expect((await call('GET', '/v1/metering/fee-schedules', citizen)).status).toBe(403);
      expect((await call('GET', '/v1/metering/fee-schedules')).status).toBe(401);
    });

    it('publishes a version with a future effective date (operators only), never a past one, never twice', async () => {
      expect((await call('POST', '/v1/metering/fee-schedules', regulator, next)).status).toBe(403);
      const past = await call('POST', '/v1/metering/fee-schedules', operator, { ...next, version: 'past', effectiveFrom: '2024-06-05' });
      expect(past.status).toBe(400);
      expect(past.body.errors).toEqual([expect.objectContaining({ field: 'effectiveFrom' })]);
      const bad = await call('POST', '/v1/metering/fee-schedules', operator, { ...next, ratesVnd: { SPDC01: '12.5' }, surprise: 1 });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['ratesVnd.SPDC01', 'surprise']);
      const created = await call('POST', '/v1/metering/fee-schedules', operator, next);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ version: 'TT-2024-07.1', publishedBy: expect.stringMatching(/^operator:/) });
      expect((await call('POST', '/v1/metering/fee-schedules', operator, next)).status).toBe(409);
      expect((await call('GET', '/v1/metering/fee-schedules/TT-2024-07.1', operator)).body.ratesVnd).toEqual({ SPDC01: '1200', SPDC04: '1500' });
    });

    it('prices by the new version from its first day, and records the version used', async () => {
      await call('POST', `/v1/metering/organisations/${org}/top-ups`, operator, { amountVnd: '10000000', reference: 'VCB-0001' });
      expect(await charge({ at: vn('2024-06-30T23:59:59.999'), fieldsCount: 1 })).toMatchObject({ scheduleVersion: 'TT48-2022.1', amountVnd: '1000' });
      expect(await charge({ at: vn('2024-07-01T00:00:00'), fieldsCount: 1 })).toMatchObject({ scheduleVersion: 'TT-2024-07.1', amountVnd: '1200' });
    });
  });

  describe('ledger operations', () => {
    it('records a manual top-up once per reference and shows the balance', async () => {
      const first = await call('POST', `/v1/metering/organisations/${org}/top-ups`, operator, { amountVnd: '500000', reference: 'VCB-0002' });
      expect(first.status).toBe(201);
      const again = await call('POST', `/v1/metering/organisations/${org}/top-ups`, operator, { amountVnd: '500000', reference: 'VCB-0002' });
      expect(again.body).toMatchObject({ transactionId: first.body.transactionId, replayed: true });
      const balance = await call('GET', `/v1/metering/organisations/${org}/balance`, regulator);
      expect(balance.body).toMatchObject({ organisationId: org, currency: 'VND', balanceVnd: (10_000_000 + 500_000 - 1000 - 1200).toString() });
      expect((await call('POST', `/v1/metering/organisations/${org}/top-ups`, operator, { amountVnd: '1.5', reference: 'x' })).status).toBe(400);
      expect((await call('POST', `/v1/metering/organisations/not-a-uuid/top-ups`, operator, { amountVnd: '1', reference: 'x' })).status).toBe(400);
    });

    it('refunds and corrects a charge through the API', async () => {
      const c = await charge({ fieldsCount: 3 });
      const refund = await call('POST', `/v1/metering/charges/${c.chargeId}/refunds`, operator, { amountVnd: '1000', reason: 'one field unavailable' });
      expect(refund.status).toBe(201);
      expect(refund.body).toMatchObject({ kind: 'refund', amountVnd: '1000' });
      const tooMuch = await call('POST', `/v1/metering/charges/${c.chargeId}/refunds`, operator, { amountVnd: '5000', reason: 'too much' });
      expect(tooMuch.status).toBe(409);
      expect(tooMuch.body.type).toMatch(/refund-exceeds-charge$/);
      const correction = await call('POST', `/v1/metering/charges/${c.chargeId}/corrections`, operator, { deltaVnd: '500', reason: 'rate applied late' });
      expect(correction.body).toMatchObject({ kind: 'correction', amountVnd: '-500' });
      expect((await call('POST', `/v1/metering/charges/${randomUUID()}/refunds`, operator, { reason: 'unknown' })).status).toBe(404);
    });

    it('sets a quota', async () => {
      const res = await call('PUT', `/v1/metering/organisations/${org}/quota`, operator, { dailyUnits: 1000 });
      expect(res.status).toBe(200);
      expect(res.body.quota).toMatchObject({ dailyUnits: '1000', day: '2024-06-05' });
    });

    it('refuses online top-ups without Stripe keys (the local ledger alone works)', async () => {
      const res = await call('POST', `/v1/metering/organisations/${org}/top-ups/checkout`, operator, { amountVnd: '100000' });
      expect(res.status).toBe(503);
      expect(res.body.type).toMatch(/payments-disabled$/);
    });
  });

  describe('statements and the declaration', () => {
    beforeAll(async () => {
      await charge({ product: 'SPDC04', purpose: 'credit-scoring', outcome: 'answered', fieldsCount: 4 });
      await charge({ citizenSelf: true, fieldsCount: 2 });
      await charge({ outcome: 'denied' });
      await charge({ organisationId: agency, organisationKind: 'state-agency', fieldsCount: 5 });
    });

    it('returns a monthly statement per product and purpose with exemptions and balances', async () => {
      const res = await call('GET', `/v1/metering/organisations/${org}/statements/2024-06`, regulator);
      expect(res.status).toBe(200);
      const s = res.body;
      expect(s.organisation).toEqual({ id: org, name: 'Ngân hàng Thương mại Á Châu' });
      expect(s.period).toEqual({ month: '2024-06', from: '2024-05-31T17:00:00.000Z', to: '2024-06-30T17:00:00.000Z', timeZone: 'Asia/Ho_Chi_Minh' });
      expect(s.lines).toEqual([
        expect.objectContaining({ product: 'SPDC01', purpose: 'account-opening', requests: 3, fields: '6', chargedVnd: '4000', refundedVnd: '1000', correctionsVnd: '500', netVnd: '3500', waivedVnd: '2000', exemptRequests: 1 }),
        expect.objectContaining({ product: 'SPDC04', purpose: 'credit-scoring', requests: 1, fields: '4', netVnd: '4000' }),
      ]);
      expect(s.exemptions).toEqual([{ exemption: 'citizen-self', requests: 1, fields: '2', waivedVnd: '2000' }]);
      expect(s.totals).toMatchObject({ netFeesVnd: '7500', topUpsVnd: '10500000' });
      expect(s.openingBalanceVnd).toBe('0');
      expect(s.closingBalanceVnd).toBe((10_500_000 - 7500).toString());
      const july = (await call('GET', `/v1/metering/organisations/${org}/statements/2024-07`, operator)).body;
      expect(july).toMatchObject({ openingBalanceVnd: s.closingBalanceVnd, scheduleVersions: ['TT-2024-07.1'] });
      expect((await call('GET', `/v1/metering/organisations/${org}/statements/2024-13`, operator)).status).toBe(400);
    });

    it('renders the statement as a PDF with an embedded Unicode font', async () => {
      const res = await call('GET', `/v1/metering/organisations/${org}/statements/2024-06/pdf`, operator);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.raw.subarray(0, 5).toString()).toBe('%PDF-');
      expect(res.raw.toString('latin1')).toMatch(/DejaVuSans/);
      if (process.env['METERING_PDF_OUT']) writeFileSync(process.env['METERING_PDF_OUT'], res.raw);
    });

    it('lists organisations with statements due in a month', async () => {
      const res = await call('GET', '/v1/metering/statements/2024-06', operator);
      expect(res.body.organisationIds.sort()).toEqual([org, agency].sort());
    });

    it("declares the month's fees: 30 % retained, 70 % remitted, due the 5th", async () => {
      const res = await call('GET', '/v1/metering/declarations/2024-06', regulator);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ month: '2024-06', dueDate: '2024-07-05', collectedVnd: '7500', retainedVnd: '2250', remittedVnd: '5250', currency: 'VND' });
      expect(res.body.byProduct).toEqual([
        expect.objectContaining({ product: 'SPDC01', collectedVnd: '3500', requests: 4 }),
        expect.objectContaining({ product: 'SPDC04', collectedVnd: '4000', requests: 1 }),
      ]);
      expect((await call('GET', '/v1/metering/declarations/2024-06', citizen)).status).toBe(403);
    });
  });

  describe('reconciliation', () => {
    it('runs the ledger check on demand and lists findings', async () => {
      const run = await call('POST', '/v1/metering/reconciliations/ledger', operator);
      expect(run.status).toBe(200);
      expect(run.body).toMatchObject({ kind: 'ledger', findings: [] });
      const audit = await call('POST', '/v1/metering/reconciliations/audit', operator, { from: '2024-06-01T00:00:00+07:00', to: '2024-06-02T00:00:00+07:00' });
      expect(audit.body).toMatchObject({ kind: 'audit', skipped: expect.any(String) });
      expect((await call('GET', '/v1/metering/reconciliations/findings', regulator)).status).toBe(200);
    });
  });

  it('documents every endpoint in OpenAPI', async () => {
    const doc = (await call('GET', '/docs/json')).body;
    for (const path of [
      '/v1/metering/fee-schedules', '/v1/metering/fee-schedules/{version}', '/v1/metering/organisations/{organisationId}/statements/{month}',
      '/v1/metering/organisations/{organisationId}/statements/{month}/pdf', '/v1/metering/declarations/{month}', '/v1/metering/organisations/{organisationId}/balance',
      '/v1/metering/charges/{chargeId}/refunds', '/v1/metering/reconciliations/findings', '/v1/billing/stripe/webhook',
    ]) expect(Object.keys(doc.paths)).toContain(path);
  });
});
