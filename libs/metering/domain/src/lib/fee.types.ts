import type { LocalDate } from '@consentry/shared-vietnam-time';

/** A local calendar date in Vietnam, `YYYY-MM-DD` (shared-vietnam-time). */
export type { LocalDate };

/** Products of Circular 48/2022/TT-BTC, by the code the regulation gives them. */
export const PRODUCT_CODES = ['SPDC01', 'SPDC02', 'SPDC03', 'SPDC04', 'SPDC05'] as const;
export type ProductCode = (typeof PRODUCT_CODES)[number];

/** Kinds of data user, as in identity.organisations. */
export const ORGANISATION_KINDS = ['enterprise', 'state-agency', 'specialised-database-agency', 'political-organisation'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * How a request ended. A verification answers match or no-match, a lookup answers "answered";
 * the others are refusals or failures.
 */
export const OUTCOMES = ['match', 'no-match', 'answered', 'denied', 'error', 'rejected-input'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A percentage off the base rate for every product, during a window of local dates (inclusive). */
export interface FeeReduction {
  from: LocalDate;
  to: LocalDate;
  /** 5000 = 50 %. Basis points keep odd percentages exact in integer arithmetic. */
  basisPoints: number;
  reference: string;
}

/**
 * One published version of the fee rules. Versions are never edited: a correction is a new
 * version, and a charge records the version that priced it.
 */
export interface FeeSchedule {
  version: string;
  /** First local date (Asia/Ho_Chi_Minh) on which the schedule applies. */
  effectiveFrom: LocalDate;
  /** Last local date it applies, inclusive; null = until a later version takes over. */
  effectiveTo: LocalDate | null;
  /** Base rate per information field, whole VND as a decimal string. */
  ratesVnd: Partial<Record<ProductCode, string>>;
  reductions: FeeReduction[];
  exemptOrganisationKinds: OrganisationKind[];
  /** A citizen looking up their own data pays nothing. */
  citizenSelfExempt: boolean;
  billableOutcomes: Outcome[];
  /** The collecting unit's share of fees collected, in basis points (3000 = 30 %). */
  collectorRetainedBasisPoints: number;
  /** Fees of a month are declared and deposited by this day of the next month. */
  declarationDueDay: number;
  legalReference: string;
}

export type Exemption = `organisation-kind:${OrganisationKind}` | 'citizen-self';

export interface PriceRequestInput {
  schedules: readonly FeeSchedule[];
  product: ProductCode;
  fieldsCount: number;
  organisationKind: OrganisationKind;
  citizenSelf: boolean;
  outcome: Outcome;
  /** When the request was answered; decides which schedule and reduction apply. */
  at: Date;
}

export interface Price {
  billable: boolean;
  /** Fields charged for (0 when the outcome is not billable). */
  units: number;
  /** Rate per field in force after reductions, whole VND. */
  unitPriceVnd: string;
  /** What the organisation pays: units x unitPrice, or 0 when exempt or not billable. */
  amountVnd: string;
  /** What an exemption waived (units x unitPrice), 0 otherwise. */
  waivedVnd: string;
  scheduleVersion: string;
  exemption?: Exemption;
}
