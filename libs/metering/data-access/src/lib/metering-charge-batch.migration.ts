import { MigrationInterface, QueryRunner } from 'typeorm';
import { APPLY_ENTRY_FUNCTION_620, BALANCE_SLOTS, CHARGE_REQUEST_FUNCTION_620 } from './metering-balance-slots.migration';
import { CHARGE_REQUEST_FUNCTION_630, SIGNATURE_620 } from './metering-charge-no-wait.migration';

/** The argument list of a charge, in `chargeCallArgs` order, with the call's place in its batch first. */
const CHARGE_CALL_TYPE = `
      CREATE TYPE "metering"."charge_call" AS (
        "n" integer, "id" uuid, "organisation_id" uuid, "request_id" text, "product" text, "purpose" text, "schedule_version" text,
        "exemption" text, "outcome" text, "units" integer, "unit_price_vnd" bigint, "amount_vnd" bigint, "waived_vnd" bigint,
        "actor" text, "occurred_at" timestamptz, "day" date, "default_daily_units" bigint)`;

/** A charge's arguments from `e->'call'` (chargeCallArgs as a JSON array) and its place from `e->'n'`. */
const CALL_FROM_JSON = [
  `(e->>'n')::integer`,
  ...['uuid', 'uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'integer', 'bigint', 'bigint', 'bigint', 'text', 'timestamptz', 'date', 'bigint'].map(
    (type, i) => `(e->'call'->>${i})::${type}`,
  ),
].join(', ');

const CHARGE_BATCH_FUNCTION = `
      CREATE FUNCTION "metering"."charge_batch"(p_calls jsonb)
      RETURNS TABLE (n integer, status text, charge_id uuid, balance_vnd bigint, daily_units bigint, used_units bigint)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_calls "metering"."charge_call"[];
        -- Every group of one transaction starts its slot search at the same slot.
        v_start integer := (txid_current() % ${BALANCE_SLOTS})::integer;
        v_done integer[] := '{}';
        v_charged text[];
        g record;
        v_prepaid uuid;
        v_fees uuid;
        v_slot smallint;
        v_limit bigint;
        v_used bigint;
        v_inserted integer;
      BEGIN
        SELECT array_agg(ROW(${CALL_FROM_JSON})::"metering"."charge_call") INTO v_calls FROM jsonb_array_elements(p_calls) e;
        -- Request ids charged before. (Not NOT EXISTS per call: planned while the ledger looked
        -- empty, that anti join scanned the whole request index for every call.)
        SELECT coalesce(array_agg(t."request_id"), '{}') INTO v_charged FROM "metering"."ledger_transactions" t
         WHERE t."kind" = 'charge' AND t."request_id" = ANY (ARRAY(SELECT c."request_id" FROM unnest(v_calls) c));
        -- One group per organisation and Vietnam day. A request id charged before, or twice in the
        -- batch, is left to charge_request (replayed or conflict).
        FOR g IN
          SELECT c."organisation_id", c."day", c."default_daily_units", array_agg(c."n") AS ns,
                 sum(c."amount_vnd")::bigint AS amount, sum(c."units")::bigint AS units, count(*)::integer AS items
            FROM unnest(v_calls) c
           WHERE NOT c."request_id" = ANY (v_charged)
             AND (SELECT count(*) FROM unnest(v_calls) d WHERE d."request_id" = c."request_id") = 1
           GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        LOOP
          v_prepaid := NULL;
          v_slot := NULL;
          IF g.amount > 0 THEN
            SELECT a."id" INTO v_prepaid FROM "metering"."accounts" a WHERE a."organisation_id" = g."organisation_id" AND a."code" = 'prepaid';
            CONTINUE WHEN v_prepaid IS NULL;
            -- One free slot that covers the whole group, never waiting (as charge_request's step 1,
            -- in a subtransaction so that a lock on a slot that fails its recheck is released).
            BEGIN
              SELECT s."slot" INTO v_slot FROM "metering"."balance_slots" s
               WHERE s."account_id" = v_prepaid AND s."balance_vnd" >= g.amount
               ORDER BY (s."slot" + ${BALANCE_SLOTS} - v_start) % ${BALANCE_SLOTS} LIMIT 1 FOR UPDATE SKIP LOCKED;
              IF v_slot IS NULL THEN
                RAISE no_data_found;
              END IF;
            EXCEPTION WHEN no_data_found THEN
              v_slot := NULL;
            END;
            CONTINUE WHEN v_slot IS NULL;
          END IF;
          v_used := NULL;
          SELECT coalesce((SELECT qu."daily_units" FROM "metering"."quotas" qu WHERE qu."organisation_id" = g."organisation_id"), g."default_daily_units")
            INTO v_limit;
          IF v_limit IS NOT NULL AND g.units > 0 THEN
            INSERT INTO "metering"."daily_usage" AS u ("organisation_id", "day", "units")
              SELECT g."organisation_id", g."day", g.units WHERE g.units <= v_limit
            ON CONFLICT ("organisation_id", "day") DO UPDATE SET "units" = u."units" + EXCLUDED."units" WHERE u."units" + EXCLUDED."units" <= v_limit
            RETURNING u."units" INTO v_used;
            -- The day's quota does not take the whole group: charge_request charges each in turn.
            CONTINUE WHEN v_used IS NULL;
          END IF;
          INSERT INTO "metering"."ledger_transactions" ("id", "organisation_id", "kind", "request_id", "product", "purpose", "schedule_version",
            "exemption", "outcome", "units", "unit_price_vnd", "amount_vnd", "waived_vnd", "actor", "occurred_at")
          SELECT c."id", c."organisation_id", 'charge', c."request_id", c."product", c."purpose", c."schedule_version",
            c."exemption", c."outcome", c."units", c."unit_price_vnd", -c."amount_vnd", c."waived_vnd", c."actor", c."occurred_at"
            FROM unnest(v_calls) c WHERE c."n" = ANY (g.ns)
          ON CONFLICT ("request_id") WHERE "kind" = 'charge' DO NOTHING;
          GET DIAGNOSTICS v_inserted = ROW_COUNT;
          IF v_inserted <> g.items THEN
            -- A twin committed meanwhile: the whole batch fails, and its caller writes each call alone.
            RAISE EXCEPTION 'a request of this charge batch was charged meanwhile' USING ERRCODE = 'serialization_failure';
          END IF;
          IF g.amount > 0 THEN
            -- A prepaid balance exists only after a top-up, which opened all of the organisation's accounts.
            SELECT a."id" INTO v_fees FROM "metering"."accounts" a WHERE a."organisation_id" = g."organisation_id" AND a."code" = 'fees';
            INSERT INTO "metering"."ledger_entries" ("transaction_id", "account_id", "slot", "amount_vnd", "occurred_at")
            SELECT c."id", e.account_id, v_slot, e.sign * c."amount_vnd", c."occurred_at"
              FROM unnest(v_calls) c CROSS JOIN (VALUES (v_prepaid, -1), (v_fees, 1)) e (account_id, sign)
             WHERE c."n" = ANY (g.ns) AND c."amount_vnd" > 0;
          END IF;
          v_done := v_done || g.ns;
          RETURN QUERY SELECT c."n", 'charged'::text, c."id", NULL::bigint, v_limit, v_used - g.units + sum(c."units") OVER (ORDER BY c."n")
            FROM unnest(v_calls) c WHERE c."n" = ANY (g.ns);
        END LOOP;
        RETURN QUERY SELECT c."n", 'busy'::text, NULL::uuid, NULL::bigint, NULL::bigint, NULL::bigint FROM unnest(v_calls) c WHERE NOT c."n" = ANY (v_done);
      END $$`;

const APPLY_ENTRIES_FUNCTION = `
      CREATE FUNCTION "metering"."apply_entries"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        d record;
      BEGIN
        FOR d IN SELECT e."account_id", e."slot", sum(e."amount_vnd")::bigint AS amount FROM new_entries e GROUP BY 1, 2 ORDER BY 1, 2 LOOP
          -- Update, else open the slot. (Not INSERT ... ON CONFLICT DO UPDATE: the proposed row of a
          -- debit is negative, and its CHECK is tested before the conflict is.)
          UPDATE "metering"."balance_slots" SET "balance_vnd" = "balance_vnd" + d.amount WHERE "account_id" = d."account_id" AND "slot" = d."slot";
          CONTINUE WHEN FOUND;
          INSERT INTO "metering"."balance_slots" ("account_id", "slot", "balance_vnd", "non_negative")
          SELECT d."account_id", d."slot", d.amount, a."code" = 'prepaid' FROM "metering"."accounts" a WHERE a."id" = d."account_id"
          ON CONFLICT ("account_id", "slot") DO NOTHING;
          CONTINUE WHEN FOUND;
          -- Another transaction opened the slot meanwhile (ON CONFLICT waited for it to commit).
          UPDATE "metering"."balance_slots" SET "balance_vnd" = "balance_vnd" + d.amount WHERE "account_id" = d."account_id" AND "slot" = d."slot";
          IF NOT FOUND THEN
            RAISE EXCEPTION 'ledger entry for unknown account %', d."account_id" USING ERRCODE = 'foreign_key_violation';
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`;

/**
 * Set-based charging for group commit (ADR 0006, amended). perf showed most of a batch's time in
 * per-row work: each charge_request call ran about ten statements, each entry's row trigger an
 * UPDATE of its slot, and every statement re-read the tables' CHECK constraints. pgbench, 15
 * charges of one organisation per transaction, one client, this 2-core machine: 2.2 ms with
 * charge_request per row, 1.7 ms with charge_batch, 1.34 ms with charge_batch and the statement
 * trigger below.
 *
 * - `metering.charge_batch(calls jsonb)` charges many requests in one call: per organisation and
 *   day, one prepaid slot that covers the group's total (a free one, never waiting), one quota
 *   update for the group's units, one INSERT of its transactions and one of their entries. Where
 *   the group cannot be charged that way (no free slot covers it, its quota does not take all of
 *   it, a request id already charged or given twice) its calls come back `busy` with nothing
 *   written, and the caller charges each on its own with charge_request, which decides exactly
 *   as before. A twin charge committed meanwhile fails the whole call.
 * - The entries' trigger becomes one per statement (`apply_entries`): each slot an INSERT touches
 *   moves once, by the sum of its entries. The prepaid slot's CHECK still holds after the move.
 * - charge_request loses its no-wait mode (migration 630), which only group commit used.
 */
export class MeteringChargeBatch1764000000640 implements MigrationInterface {
  name = 'MeteringChargeBatch1764000000640';

  async up(q: QueryRunner): Promise<void> {
    await q.query(CHARGE_CALL_TYPE);
    await q.query(CHARGE_BATCH_FUNCTION);
    await q.query(APPLY_ENTRIES_FUNCTION);
    await q.query(`DROP TRIGGER "ledger_entries_apply" ON "metering"."ledger_entries"`);
    await q.query(`CREATE TRIGGER "ledger_entries_apply" AFTER INSERT ON "metering"."ledger_entries"
      REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION "metering"."apply_entries"()`);
    await q.query(`DROP FUNCTION "metering"."apply_entry"()`);
    await q.query(`DROP FUNCTION "metering"."charge_request"(${SIGNATURE_620}, boolean)`);
    await q.query(CHARGE_REQUEST_FUNCTION_620);
    // As for the ledger's other functions (migration 620): cached plans that use the keys' indexes.
    for (const fn of ['"charge_request"', '"charge_batch"', '"apply_entries"()']) await q.query(`ALTER FUNCTION "metering".${fn} SET enable_seqscan = off`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION "metering"."charge_request"(${SIGNATURE_620})`);
    await q.query(CHARGE_REQUEST_FUNCTION_630);
    await q.query(APPLY_ENTRY_FUNCTION_620);
    await q.query(`DROP TRIGGER "ledger_entries_apply" ON "metering"."ledger_entries"`);
    await q.query(`CREATE TRIGGER "ledger_entries_apply" AFTER INSERT ON "metering"."ledger_entries" FOR EACH ROW EXECUTE FUNCTION "metering"."apply_entry"()`);
    for (const fn of ['"charge_request"', '"apply_entry"()']) await q.query(`ALTER FUNCTION "metering".${fn} SET enable_seqscan = off`);
    await q.query(`DROP FUNCTION "metering"."apply_entries"()`);
    await q.query(`DROP FUNCTION "metering"."charge_batch"(jsonb)`);
    await q.query(`DROP TYPE "metering"."charge_call"`);
  }
}
