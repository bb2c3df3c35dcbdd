import { FeeSchedule, LocalDate, ORGANISATION_KINDS, OUTCOMES, PRODUCT_CODES, ProductCode } from './fee.types';
import { isLocalDate, vietnamDate } from '@consentry/shared-vietnam-time';
import { isVnd } from './vnd.util';

export class NoScheduleInForceError extends Error {
  constructor(readonly date: LocalDate) {
    super(`no fee schedule is in force on ${date}`);
    this.name = 'NoScheduleInForceError';
  }
}

export class ProductNotPricedError extends Error {
  constructor(
    readonly product: ProductCode,
    readonly scheduleVersion: string,
  ) {
    super(`fee schedule ${scheduleVersion} has no rate for ${product}`);
    this.name = 'ProductNotPricedError';
  }
}

/** Is the schedule in force on this local date (bounds inclusive)? */
export function coversDate(schedule: FeeSchedule, date: LocalDate): boolean {
  return schedule.effectiveFrom <= date && (schedule.effectiveTo === null || date <= schedule.effectiveTo);
}

/**
 * The schedule in force at an instant: among versions covering its Vietnam date, the one that
 * took effect last (a newer version supersedes an open-ended older one from its first day);
 * on the same first day, the later-published one, i.e. the last in the list.
 */
export function scheduleInForce(schedules: readonly FeeSchedule[], at: Date): FeeSchedule {
  const date = vietnamDate(at);
  let best: FeeSchedule | undefined;
  for (const s of schedules) {
    if (coversDate(s, date) && (!best || s.effectiveFrom >= best.effectiveFrom)) best = s;
  }
  if (!best) throw new NoScheduleInForceError(date);
  return best;
}

/** Checks a schedule an operator wants to publish; returns field errors (empty = valid). */
export function validateSchedule(s: FeeSchedule): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const bad = (field: string, message: string) => errors.push({ field, message });
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(s.version)) bad('version', 'must be 1-64 letters, digits, dots, dashes or underscores');
  if (!isLocalDate(s.effectiveFrom)) bad('effectiveFrom', 'must be a date YYYY-MM-DD');
  if (s.effectiveTo !== null && (!isLocalDate(s.effectiveTo) || s.effectiveTo < s.effectiveFrom)) {
    bad('effectiveTo', 'must be a date YYYY-MM-DD on or after effectiveFrom');
  }
  const products = Object.keys(s.ratesVnd);
  if (products.length === 0) bad('ratesVnd', 'must price at least one product');
  for (const p of products) {
    const rate = s.ratesVnd[p as ProductCode];
    if (!(PRODUCT_CODES as readonly string[]).includes(p)) bad(`ratesVnd.${p}`, 'is not a product code');
    else if (rate === undefined || !isVnd(rate) || rate.startsWith('-')) bad(`ratesVnd.${p}`, 'must be whole VND, 0 or more');
  }
  s.reductions.forEach((r, i) => {
    if (!isLocalDate(r.from) || !isLocalDate(r.to) || r.to < r.from) bad(`reductions[${i}]`, 'needs dates from <= to');
    if (!Number.isInteger(r.basisPoints) || r.basisPoints < 0 || r.basisPoints > 10_000) bad(`reductions[${i}].basisPoints`, 'must be 0-10000');
  });
  s.exemptOrganisationKinds.forEach((k, i) => {
    if (!(ORGANISATION_KINDS as readonly string[]).includes(k)) bad(`exemptOrganisationKinds[${i}]`, 'is not an organisation kind');
  });
  s.billableOutcomes.forEach((o, i) => {
    if (!(OUTCOMES as readonly string[]).includes(o)) bad(`billableOutcomes[${i}]`, 'is not an outcome');
  });
  if (!Number.isInteger(s.collectorRetainedBasisPoints) || s.collectorRetainedBasisPoints < 0 || s.collectorRetainedBasisPoints > 10_000) {
    bad('collectorRetainedBasisPoints', 'must be 0-10000');
  }
  if (!Number.isInteger(s.declarationDueDay) || s.declarationDueDay < 1 || s.declarationDueDay > 28) bad('declarationDueDay', 'must be 1-28');
  return errors;
}
