import fc from 'fast-check';
import { CIRCULAR_48_2022 } from './circular-48-2022.constant';
import { FeeSchedule, ORGANISATION_KINDS, OUTCOMES, PRODUCT_CODES } from './fee.types';
import { buildMonthlyDeclaration } from './monthly-declaration.util';
import { priceRequest, unitPriceAt } from './price-request.util';
import { scheduleInForce } from './fee-schedule.util';
import { applyBasisPoints } from './vnd.util';

const EXEMPT = new Set(['state-agency', 'specialised-database-agency', 'political-organisation']);
// Instants from the first day of Circular 48/2022 to the end of 2030.
const instant = fc.integer({ min: Date.parse('2022-09-16T17:00:00Z'), max: Date.parse('2030-12-31T16:59:59.999Z') }).map((t) => new Date(t));
const rate = fc.bigInt({ min: 0n, max: 10n ** 12n }).map(String);
const schedule: fc.Arbitrary<FeeSchedule> = fc.record({
  rates: fc.tuple(rate, rate, rate, rate, rate),
  bp: fc.integer({ min: 0, max: 10_000 }),
  retained: fc.integer({ min: 0, max: 10_000 }),
}).map(({ rates, bp, retained }) => ({
  ...CIRCULAR_48_2022,
  ratesVnd: Object.fromEntries(PRODUCT_CODES.map((p, i) => [p, rates[i]])),
  reductions: [{ from: '2022-09-17', to: '2025-06-30', basisPoints: bp, reference: 'test' }],
  collectorRetainedBasisPoints: retained,
}));
const request = fc.record({
  product: fc.constantFrom(...PRODUCT_CODES),
  fieldsCount: fc.integer({ min: 0, max: 10_000 }),
  organisationKind: fc.constantFrom(...ORGANISATION_KINDS),
  citizenSelf: fc.boolean(),
  outcome: fc.constantFrom(...OUTCOMES),
  at: instant,
});

describe('fee rules (properties)', () => {
  it('charges a non-exempt billable request exactly the sum of the per-field rates in force', () => {
    fc.assert(
      fc.property(schedule, fc.array(request, { maxLength: 30 }), (s, requests) => {
        let total = 0n;
        let expected = 0n;
        for (const r of requests) {
          const price = priceRequest({ schedules: [s], ...r });
          total += BigInt(price.amountVnd);
          const free = EXEMPT.has(r.organisationKind) || r.citizenSelf || !['match', 'no-match', 'answered'].includes(r.outcome);
          if (!free) {
            const perField = unitPriceAt(scheduleInForce([s], r.at), r.product, r.at);
            for (let f = 0; f < r.fieldsCount; f++) expected += perField;
          }
        }
        expect(total).toBe(expected);
      }),
    );
  });

  it('charges exempt organisations and citizens on their own data zero', () => {
    fc.assert(
      fc.property(schedule, request, fc.constantFrom('state-agency', 'specialised-database-agency', 'political-organisation') as fc.Arbitrary<'state-agency'>, (s, r, kind) => {
        expect(priceRequest({ schedules: [s], ...r, organisationKind: kind }).amountVnd).toBe('0');
        expect(priceRequest({ schedules: [s], ...r, citizenSelf: true }).amountVnd).toBe('0');
      }),
    );
  });

  it('returns whole VND decimal strings only (integer arithmetic, no float on the way)', () => {
    fc.assert(
      fc.property(schedule, request, (s, r) => {
        const price = priceRequest({ schedules: [s], ...r });
        for (const v of [price.amountVnd, price.unitPriceVnd, price.waivedVnd]) expect(v).toMatch(/^(0|[1-9]\d*)$/);
        expect(BigInt(price.amountVnd) + BigInt(price.waivedVnd)).toBe(BigInt(price.unitPriceVnd) * BigInt(price.units));
      }),
    );
  });

  it('a reduction never makes a rate negative or larger', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        const off = applyBasisPoints(amount, bp);
        expect(off >= 0n && off <= amount).toBe(true);
      }),
    );
  });

  it('splits a declaration exactly: retained + remitted = collected', () => {
    fc.assert(
      fc.property(schedule, fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 15n }), { maxLength: 10 }), (s, fees) => {
        const d = buildMonthlyDeclaration({
          month: '2024-03',
          schedules: [s],
          groups: fees.map((f, i) => ({ scheduleVersion: s.version, product: PRODUCT_CODES[i % 5], requests: 1, units: '1', feeVnd: f.toString() })),
        });
        expect(BigInt(d.retainedVnd) + BigInt(d.remittedVnd)).toBe(BigInt(d.collectedVnd));
        expect(BigInt(d.collectedVnd)).toBe(fees.reduce((a, b) => a + b, 0n));
      }),
    );
  });
});
