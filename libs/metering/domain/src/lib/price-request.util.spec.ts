import { CIRCULAR_48_2022 } from './circular-48-2022.constant';
import { FeeSchedule } from './fee.types';
import { NoScheduleInForceError, scheduleInForce, validateSchedule } from './fee-schedule.util';
import { priceRequest } from './price-request.util';

const vn = (local: string) => new Date(`${local}+07:00`);
const base = { schedules: [CIRCULAR_48_2022], product: 'SPDC01' as const, fieldsCount: 18, organisationKind: 'enterprise' as const, citizenSelf: false, outcome: 'match' as const };

/** Two versions with an explicit end, as if the 2024 rate had been published separately. */
const first: FeeSchedule = { ...CIRCULAR_48_2022, version: 'A', effectiveTo: '2023-12-31', reductions: [], ratesVnd: { SPDC01: '500', SPDC04: '500' } };
const second: FeeSchedule = { ...CIRCULAR_48_2022, version: 'B', effectiveFrom: '2024-01-01', reductions: [], ratesVnd: { SPDC01: '1000', SPDC04: '1000' } };

describe('priceRequest', () => {
  it('charges 18 x 1,000 VND for 18 verified fields from 2024 (the example in the regulation)', () => {
    expect(priceRequest({ ...base, at: vn('2024-06-01T10:00:00') })).toEqual({
      billable: true, units: 18, unitPriceVnd: '1000', amountVnd: '18000', waivedVnd: '0', scheduleVersion: 'TT48-2022.1',
    });
  });

  it('halves the rate during the reduction window 17 Sep 2022 - 31 Dec 2023', () => {
    expect(priceRequest({ ...base, at: vn('2022-09-17T00:00:00') }).unitPriceVnd).toBe('500');
    expect(priceRequest({ ...base, at: vn('2023-12-31T23:59:59.999') }).amountVnd).toBe('9000');
    expect(priceRequest({ ...base, at: vn('2024-01-01T00:00:00') }).amountVnd).toBe('18000');
  });

  it('prices 23:59:59.999 Vietnam time on the last day of a schedule by that schedule', () => {
    const schedules = [first, second];
    const last = priceRequest({ ...base, schedules, at: vn('2023-12-31T23:59:59.999') });
    expect(last).toMatchObject({ scheduleVersion: 'A', unitPriceVnd: '500' });
    // The same instant is already 1 Jan in UTC+8 and still 31 Dec in UTC: only Vietnam time counts.
    expect(vn('2023-12-31T23:59:59.999').toISOString()).toBe('2023-12-31T16:59:59.999Z');
    expect(priceRequest({ ...base, schedules, at: vn('2024-01-01T00:00:00') })).toMatchObject({ scheduleVersion: 'B', unitPriceVnd: '1000' });
    expect(priceRequest({ ...base, schedules, at: new Date('2023-12-31T17:00:00Z') }).scheduleVersion).toBe('B');
  });

  it('lets a later version supersede an open-ended one from its first day', () => {
    const later: FeeSchedule = { ...CIRCULAR_48_2022, version: 'TT-2027', effectiveFrom: '2027-01-01', ratesVnd: { SPDC01: '1200' } };
    const schedules = [CIRCULAR_48_2022, later];
    expect(scheduleInForce(schedules, vn('2026-12-31T23:59:59.999')).version).toBe('TT48-2022.1');
    expect(priceRequest({ ...base, schedules, at: vn('2027-01-01T00:00:00') })).toMatchObject({ scheduleVersion: 'TT-2027', amountVnd: '21600' });
  });

  it('charges no-match like match, and a lookup answer', () => {
    expect(priceRequest({ ...base, outcome: 'no-match', at: vn('2024-02-01T08:00:00') }).amountVnd).toBe('18000');
    expect(priceRequest({ ...base, product: 'SPDC04', fieldsCount: 3, outcome: 'answered', at: vn('2024-02-01T08:00:00') }).amountVnd).toBe('3000');
  });

  it.each(['denied', 'error', 'rejected-input'] as const)('does not bill a %s', (outcome) => {
    expect(priceRequest({ ...base, outcome, at: vn('2024-02-01T08:00:00') })).toMatchObject({ billable: false, units: 0, amountVnd: '0' });
  });

  it.each(['state-agency', 'specialised-database-agency', 'political-organisation'] as const)('exempts a %s, recording what was waived', (kind) => {
    expect(priceRequest({ ...base, organisationKind: kind, at: vn('2024-02-01T08:00:00') })).toMatchObject({
      billable: true, units: 18, amountVnd: '0', waivedVnd: '18000', exemption: `organisation-kind:${kind}`,
    });
  });

  it("exempts a citizen's access to their own data", () => {
    expect(priceRequest({ ...base, citizenSelf: true, at: vn('2024-02-01T08:00:00') })).toMatchObject({ amountVnd: '0', exemption: 'citizen-self' });
  });

  it('refuses a time before any schedule, and a product a schedule does not price', () => {
    expect(() => priceRequest({ ...base, at: vn('2022-09-16T23:59:59.999') })).toThrow(NoScheduleInForceError);
    expect(() => priceRequest({ ...base, schedules: [first], product: 'SPDC02', at: vn('2023-01-01T00:00:00') })).toThrow(/no rate for SPDC02/);
  });

  it('refuses fractional or negative field counts', () => {
    expect(() => priceRequest({ ...base, fieldsCount: 1.5, at: vn('2024-01-02T00:00:00') })).toThrow(RangeError);
    expect(() => priceRequest({ ...base, fieldsCount: -1, at: vn('2024-01-02T00:00:00') })).toThrow(RangeError);
  });
});

describe('validateSchedule', () => {
  it('accepts Circular 48/2022', () => expect(validateSchedule(CIRCULAR_48_2022)).toEqual([]));

  it('names each bad field', () => {
    const bad = { ...CIRCULAR_48_2022, version: 'x y', effectiveTo: '2020-01-01', ratesVnd: { SPDC01: '1000.5', SPDC09: '1' } } as unknown as FeeSchedule;
    expect(validateSchedule(bad).map((e) => e.field)).toEqual(['version', 'effectiveTo', 'ratesVnd.SPDC01', 'ratesVnd.SPDC09']);
  });
});
