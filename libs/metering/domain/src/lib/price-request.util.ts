import { Exemption, FeeSchedule, Price, PriceRequestInput } from './fee.types';
import { ProductNotPricedError, scheduleInForce } from './fee-schedule.util';
import { vietnamDate } from '@consentry/shared-vietnam-time';
import { applyBasisPoints, parseVnd } from './vnd.util';

/** The rate per field of a product in force on the request's Vietnam date, after reductions. */
export function unitPriceAt(schedule: FeeSchedule, product: PriceRequestInput['product'], at: Date): bigint {
  const rate = schedule.ratesVnd[product];
  if (rate === undefined) throw new ProductNotPricedError(product, schedule.version);
  const date = vietnamDate(at);
  // Overlapping windows do not stack: the largest reduction applies.
  const off = schedule.reductions.filter((r) => r.from <= date && date <= r.to).reduce((m, r) => Math.max(m, r.basisPoints), 0);
  const base = parseVnd(rate);
  return base - applyBasisPoints(base, off);
}

function exemptionOf(schedule: FeeSchedule, input: PriceRequestInput): Exemption | undefined {
  if (input.citizenSelf && schedule.citizenSelfExempt) return 'citizen-self';
  if (schedule.exemptOrganisationKinds.includes(input.organisationKind)) return `organisation-kind:${input.organisationKind}`;
  return undefined;
}

/**
 * Prices one request under the schedule in force when it was answered. Pure: the caller passes
 * the schedules and the instant. Integer VND only; amounts are decimal strings.
 */
export function priceRequest(input: PriceRequestInput): Price {
  if (!Number.isSafeInteger(input.fieldsCount) || input.fieldsCount < 0) throw new RangeError('fieldsCount must be a whole number, 0 or more');
  const schedule = scheduleInForce(input.schedules, input.at);
  const unitPrice = unitPriceAt(schedule, input.product, input.at);
  const billable = schedule.billableOutcomes.includes(input.outcome);
  const units = billable ? input.fieldsCount : 0;
  const gross = unitPrice * BigInt(units);
  const exemption = billable ? exemptionOf(schedule, input) : undefined;
  const price: Price = {
    billable,
    units,
    unitPriceVnd: unitPrice.toString(),
    amountVnd: exemption ? '0' : gross.toString(),
    waivedVnd: exemption ? gross.toString() : '0',
    scheduleVersion: schedule.version,
  };
  if (exemption) price.exemption = exemption;
  return price;
}
