import { MigrationInterface, QueryRunner } from 'typeorm';
import { BALANCE_SLOTS, CHARGE_REQUEST_FUNCTION_620 } from './metering-balance-slots.migration';

/** Replaces the one occurrence of `from` in `text`; a migration must not apply to text it was not written for. */
function patch(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`migration 630: expected exactly one "${from.trim().slice(0, 60)}" in charge_request`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

const LAST_PARAMETER = 'p_default_daily_units bigint)';
const START = `v_start integer := floor(random() * ${BALANCE_SLOTS})::integer;`;
const AFTER_FREE_SLOT = `          EXCEPTION WHEN no_data_found THEN
            v_slot := NULL;
          END;
          IF v_slot IS NULL THEN
            -- 2.`;

/**
 * `metering.charge_request` as of migration 620, with one more parameter, `p_no_wait` (default
 * false: unchanged behaviour). With it, the function only ever takes a free prepaid slot (620's
 * step 1, `SKIP LOCKED`). Where it would wait for a slot or pool the balance it returns the status
 * `busy` and writes nothing, and the caller charges that request again on its own after its
 * transaction ends.
 *
 * For group commit (ADR 0006): one transaction charges many requests. A transaction that holds
 * slots and then waits for another could deadlock with another such transaction; one that never
 * waits for a slot cannot. It may still wait for an organisation's daily quota row, which it
 * takes after its slot, as every charge does, and whose holders never wait for a slot.
 *
 * In no-wait mode every call of one transaction starts its slot search at the same slot (from the
 * transaction id), so one batch's charges of an organisation draw on one slot while it covers
 * them, instead of locking many.
 */
export const CHARGE_REQUEST_FUNCTION_630 = [
  [LAST_PARAMETER, 'p_default_daily_units bigint, p_no_wait boolean DEFAULT false)'],
  [START, `v_start integer := CASE WHEN p_no_wait THEN (txid_current() % ${BALANCE_SLOTS})::integer ELSE floor(random() * ${BALANCE_SLOTS})::integer END;`],
  [
    AFTER_FREE_SLOT,
    `          EXCEPTION WHEN no_data_found THEN
            v_slot := NULL;
          END;
          IF v_slot IS NULL AND p_no_wait THEN
            RETURN QUERY SELECT 'busy'::text, NULL::uuid, NULL::bigint, NULL::bigint, NULL::bigint;
            RETURN;
          END IF;
          IF v_slot IS NULL THEN
            -- 2.`,
  ],
].reduce((text, [from, to]) => patch(text, from, to), CHARGE_REQUEST_FUNCTION_620);

export const SIGNATURE_620 = 'uuid, uuid, text, text, text, text, text, text, integer, bigint, bigint, bigint, text, timestamptz, date, bigint';

export class MeteringChargeNoWait1764000000630 implements MigrationInterface {
  name = 'MeteringChargeNoWait1764000000630';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION "metering"."charge_request"(${SIGNATURE_620})`);
    await q.query(CHARGE_REQUEST_FUNCTION_630);
    await q.query(`ALTER FUNCTION "metering"."charge_request" SET enable_seqscan = off`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION "metering"."charge_request"(${SIGNATURE_620}, boolean)`);
    await q.query(CHARGE_REQUEST_FUNCTION_620);
    await q.query(`ALTER FUNCTION "metering"."charge_request" SET enable_seqscan = off`);
  }
}
