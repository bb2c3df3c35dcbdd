import type { ChargeCallInput } from '@consentry/metering-data-access';
import type { Exemption, Outcome } from '@consentry/metering-domain';

/** The gateway's products: verify -> SPDC01, lookup -> SPDC04. */
export type GatewayProduct = 'SPDC01' | 'SPDC04';

export interface ChargeInput {
  /** The gateway's id of the answered request; one charge per request id, ever. */
  requestId: string;
  organisationId: string;
  /** identity.organisations.kind; decides exemptions. */
  organisationKind: 'enterprise' | 'state-agency' | 'specialised-database-agency' | 'political-organisation';
  product: GatewayProduct;
  /** Purpose code the request was made under (statements group by it). */
  purpose: string;
  /** Information fields verified or returned. */
  fieldsCount: number;
  /** The citizen is looking up their own data (exempt). */
  citizenSelf: boolean;
  outcome: Outcome;
  /** When the answer was produced; use the same instant as the audit event's occurredAt. */
  at: Date;
}

export interface ChargeResult {
  /** The ledger transaction; null when the outcome is not billable (nothing is recorded). */
  chargeId: string | null;
  billable: boolean;
  product: GatewayProduct;
  units: number;
  unitPriceVnd: string;
  amountVnd: string;
  scheduleVersion: string;
  exemption?: Exemption;
  /** True when this request id had been charged before and the first charge is returned. */
  replayed: boolean;
}

export interface BalanceView {
  organisationId: string;
  balanceVnd: string;
  currency: 'VND';
  /** Daily quota in fields and what today (Vietnam time) has used; null = no limit. */
  quota: { dailyUnits: string; usedToday: string; day: string } | null;
}

/** A validated, priced charge with its id fixed, not yet written (ChargeService.prepare). */
export interface PreparedCharge {
  input: ChargeInput;
  /** The answer's charge if the call succeeds. */
  result: ChargeResult;
  /** The ledger call to run; absent when the outcome is not billable. */
  call?: ChargeCallInput;
}
