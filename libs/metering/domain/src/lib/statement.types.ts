import { Exemption, ProductCode } from './fee.types';

export type LedgerKind = 'top-up' | 'charge' | 'refund' | 'correction';

/**
 * One aggregated group of an organisation's ledger in a period, as the database returns it.
 * Refunds and corrections carry the product and purpose of the charge they adjust.
 */
export interface StatementGroup {
  kind: LedgerKind;
  product: ProductCode | null;
  purpose: string | null;
  scheduleVersion: string | null;
  exemption: Exemption | null;
  requests: number;
  /** Fields, as a decimal string (sums can pass 2^53 in a large month). */
  units: string;
  /** Signed effect on fees owed: charges +, refunds -, corrections either way; top-ups 0. */
  feeVnd: string;
  /** Signed effect on the prepaid balance: top-ups +, charges -, refunds +. */
  balanceVnd: string;
  waivedVnd: string;
}

export interface StatementLine {
  product: ProductCode;
  purpose: string;
  requests: number;
  fields: string;
  chargedVnd: string;
  refundedVnd: string;
  correctionsVnd: string;
  netVnd: string;
  waivedVnd: string;
  exemptRequests: number;
  scheduleVersions: string[];
}

export interface StatementExemption {
  exemption: Exemption;
  requests: number;
  fields: string;
  waivedVnd: string;
}

export interface MonthlyStatement {
  organisation: { id: string; name: string };
  period: { month: string; from: string; to: string; timeZone: 'Asia/Ho_Chi_Minh' };
  currency: 'VND';
  openingBalanceVnd: string;
  closingBalanceVnd: string;
  lines: StatementLine[];
  exemptions: StatementExemption[];
  scheduleVersions: string[];
  totals: {
    requests: number;
    fields: string;
    chargedVnd: string;
    refundedVnd: string;
    correctionsVnd: string;
    netFeesVnd: string;
    waivedVnd: string;
    topUpsVnd: string;
  };
}

export interface DeclarationGroup {
  scheduleVersion: string;
  product: ProductCode;
  requests: number;
  units: string;
  /** Net fees collected in the month for this product and version (charges - refunds +/- corrections). */
  feeVnd: string;
}

export interface MonthlyDeclaration {
  month: string;
  period: { from: string; to: string; timeZone: 'Asia/Ho_Chi_Minh' };
  dueDate: string;
  currency: 'VND';
  collectedVnd: string;
  retainedVnd: string;
  remittedVnd: string;
  byProduct: { product: ProductCode; requests: number; fields: string; collectedVnd: string }[];
  bySchedule: { scheduleVersion: string; retainedBasisPoints: number; collectedVnd: string; retainedVnd: string; remittedVnd: string }[];
}
