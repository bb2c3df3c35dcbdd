import { DataSource, EntityManager } from 'typeorm';
import type { EmbeddedCall } from '@consentry/gateway-data-access';
import type { ConsentSnapshot, Licence, OrganisationSuspension } from '@consentry/policy-domain';

/** The inputs of an in-process decision, read live on every request (in the caller's transaction when given its manager). */
export type Db = DataSource | EntityManager;

export abstract class PolicySource {
  /** The licence, suspension and consent that decide a request; usesInPeriod is left for the caller to count. */
  abstract forRequest(
    db: Db,
    request: { organisationId: string; apiKeyId: string; purposeCode: string; citizenPseudonym: string; now: Date },
  ): Promise<{ licence?: Licence; suspension: OrganisationSuspension | null; policyVersion: string; consent: ConsentSnapshot | undefined }>;
}

export interface ChargeRequest {
  requestId: string;
  organisationId: string;
  organisationKind: string;
  product: 'SPDC01' | 'SPDC04';
  purpose: string;
  fieldsCount: number;
  citizenSelf: boolean;
  at: Date;
}

export interface Charge {
  chargeId: string;
  product: string;
  units: number;
  amountVnd: string;
  scheduleVersion: string;
  exemption?: string;
}

/** Thrown by a Meter when the prepaid balance or a quota would be exceeded; nothing is charged. */
export class ChargeRefused extends Error {
  constructor(
    readonly reason: 'insufficient-balance' | 'quota-exceeded',
    message: string,
  ) {
    super(message);
  }
}

/** A priced charge, not yet written: run `call` inside the statement that records the answer, then settle. */
export interface PreparedCharge {
  /** The charge as answered if the call succeeds. */
  charge: Charge;
  /** The ledger call; absent when nothing is billable (no ledger write). */
  call?: EmbeddedCall;
  /** The charge as answered, given the call's result row; throws ChargeRefused on a refusal. */
  settle(result?: Record<string, unknown>): Promise<Charge>;
}

/** An organisation's prepaid balance as `GET /v1/balance` serves it. */
export interface Balance {
  balanceVnd: string;
  currency: 'VND';
  /** Daily quota in fields and what today (Asia/Ho_Chi_Minh) has used; null: no limit. */
  quota: { dailyUnits: string; usedToday: string; day: string } | null;
}

/** Fees under the fee schedule, charged against the prepaid balance in the statement that records the answer. */
export abstract class Meter {
  abstract prepare(db: Db, request: ChargeRequest): Promise<PreparedCharge>;
  abstract balance(organisationId: string): Promise<Balance>;
}
