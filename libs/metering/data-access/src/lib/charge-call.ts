import { Queryable } from './queryable.types';

/** One priced charge, ready for `metering.charge_request` (see MeteringChargeFunction1764000000610). */
export interface ChargeCallInput {
  id: string;
  organisationId: string;
  requestId: string;
  product: string;
  purpose: string;
  scheduleVersion: string;
  exemption: string | null;
  outcome: string;
  units: number;
  unitPriceVnd: string;
  /** Positive: what the prepaid balance loses. */
  amountVnd: string;
  waivedVnd: string;
  actor: string;
  occurredAt: Date;
  /** The Vietnam date the quota counts against. */
  day: string;
  /** Used when the organisation has no quota of its own; null = no limit. */
  defaultDailyUnits: string | null;
}

/** `busy` only from a batch (chargeBatchFrom): nothing was written; charge it again on its own. */
export type ChargeCallStatus = 'charged' | 'replayed' | 'insufficient-balance' | 'quota-exceeded' | 'conflict' | 'busy';

export interface ChargeCallResult {
  status: ChargeCallStatus;
  chargeId: string | null;
  /** The prepaid balance, when the charge was refused for it (else null). */
  balanceVnd: string | null;
  dailyUnits: string | null;
  usedUnits: string | null;
}

/** Columns of the call's result, named as ChargeCallResult. */
export const CHARGE_CALL_COLUMNS = `"status", "charge_id" AS "chargeId", "balance_vnd"::text AS "balanceVnd", "daily_units"::text AS "dailyUnits", "used_units"::text AS "usedUnits"`;

/**
 * The call as a FROM item whose parameters start at `$first`, so that a caller can embed it in a
 * larger statement (`WITH c AS (SELECT ... FROM <call>) ...`) and append `params` to its own.
 */
export function chargeCall(input: ChargeCallInput, first = 1): { sql: string; params: unknown[] } {
  const params = chargeCallArgs(input);
  const args = ARG_TYPES.map((type, i) => `$${first + i}::${type}`).join(', ');
  return { sql: `"metering"."charge_request"(${args})`, params };
}

const ARG_TYPES = ['uuid', 'uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'integer', 'bigint', 'bigint', 'bigint', 'text', 'timestamptz', 'date', 'bigint'];

/** The call's arguments in order (JSON-safe: the Date becomes an ISO string when serialised). */
export function chargeCallArgs(input: ChargeCallInput): unknown[] {
  return [
    input.id, input.organisationId, input.requestId, input.product, input.purpose, input.scheduleVersion, input.exemption, input.outcome,
    input.units, input.unitPriceVnd, input.amountVnd, input.waivedVnd, input.actor, input.occurredAt, input.day, input.defaultDailyUnits,
  ];
}

/**
 * Many calls at once (migration 640) as a FROM item: `json` is an SQL expression holding a jsonb
 * array of `{ "n": <place>, "call": <chargeCallArgs> }`. It yields `n` and the call's columns for
 * each; a call it could not make without waiting or without deciding call by call comes back
 * `busy`, with nothing written for it: charge it again on its own.
 */
export function chargeBatchFrom(json: string): string {
  return `"metering"."charge_batch"(${json})`;
}

/** Runs the call on its own (in the caller's transaction when `db` is its manager). */
export async function runChargeCall(db: Queryable, input: ChargeCallInput): Promise<ChargeCallResult> {
  const call = chargeCall(input);
  const rows: ChargeCallResult[] = await db.query(`SELECT ${CHARGE_CALL_COLUMNS} FROM ${call.sql}`, call.params);
  return rows[0];
}
