import { MigrationInterface, QueryRunner } from 'typeorm';
import { MeteringChargeFunction1764000000610 } from './metering-charge-function.migration';
import { APPLY_ENTRY_FUNCTION, GUARD_ACCOUNT_FUNCTION } from './metering-init.migration';

/** How many slots each account's cached balance is split into. */
export const BALANCE_SLOTS = 16;

/** The entry trigger's function as this migration leaves it (one entry moves its slot; migration 640 replaces it). */
export const APPLY_ENTRY_FUNCTION_620 = `
      CREATE OR REPLACE FUNCTION "metering"."apply_entry"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Update, else open the slot. (Not INSERT ... ON CONFLICT DO UPDATE: the proposed row of a
        -- debit is negative, and its CHECK is tested before the conflict is.)
        UPDATE "metering"."balance_slots" SET "balance_vnd" = "balance_vnd" + NEW."amount_vnd"
         WHERE "account_id" = NEW."account_id" AND "slot" = NEW."slot";
        IF FOUND THEN
          RETURN NULL;
        END IF;
        INSERT INTO "metering"."balance_slots" ("account_id", "slot", "balance_vnd", "non_negative")
        SELECT NEW."account_id", NEW."slot", NEW."amount_vnd", a."code" = 'prepaid' FROM "metering"."accounts" a WHERE a."id" = NEW."account_id"
        ON CONFLICT ("account_id", "slot") DO NOTHING;
        IF FOUND THEN
          RETURN NULL;
        END IF;
        -- Another transaction opened the slot meanwhile (ON CONFLICT waited for it to commit).
        UPDATE "metering"."balance_slots" SET "balance_vnd" = "balance_vnd" + NEW."amount_vnd"
         WHERE "account_id" = NEW."account_id" AND "slot" = NEW."slot";
        IF NOT FOUND THEN
          RAISE EXCEPTION 'ledger entry for unknown account %', NEW."account_id" USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`;

/** `metering.charge_request` as this migration leaves it (migration 630 derives its no-wait form from it; 640 restores it). */
export const CHARGE_REQUEST_FUNCTION_620 = `
      CREATE OR REPLACE FUNCTION "metering"."charge_request"(
        p_id uuid, p_organisation_id uuid, p_request_id text, p_product text, p_purpose text, p_schedule_version text,
        p_exemption text, p_outcome text, p_units integer, p_unit_price_vnd bigint, p_amount_vnd bigint, p_waived_vnd bigint,
        p_actor text, p_occurred_at timestamptz, p_day date, p_default_daily_units bigint)
      RETURNS TABLE (status text, charge_id uuid, balance_vnd bigint, daily_units bigint, used_units bigint)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_prepaid uuid;
        v_fees uuid;
        v_slot smallint;
        v_covering integer;
        -- Spread only a balance that leaves every slot at least 64 charges like this one.
        v_spread_from bigint := ${BALANCE_SLOTS} * 64 * greatest(p_amount_vnd, 1000);
        v_start integer := floor(random() * ${BALANCE_SLOTS})::integer;
        v_total bigint;
        v_limit bigint;
        v_used bigint;
        v_existing record;
      BEGIN
        SELECT t."id", t."organisation_id", t."product" INTO v_existing FROM "metering"."ledger_transactions" t
         WHERE t."kind" = 'charge' AND t."request_id" = p_request_id;
        IF FOUND THEN
          RETURN QUERY SELECT CASE WHEN v_existing."organisation_id" = p_organisation_id AND v_existing."product" = p_product THEN 'replayed' ELSE 'conflict' END,
            v_existing."id", NULL::bigint, NULL::bigint, NULL::bigint;
          RETURN;
        END IF;
        IF p_amount_vnd > 0 THEN
          SELECT a."id" INTO v_prepaid FROM "metering"."accounts" a WHERE a."organisation_id" = p_organisation_id AND a."code" = 'prepaid';
          IF v_prepaid IS NULL THEN
            RETURN QUERY SELECT 'insufficient-balance'::text, NULL::uuid, 0::bigint, NULL::bigint, NULL::bigint;
            RETURN;
          END IF;
          -- Deadlock-free: a transaction waits for a prepaid slot only while it holds none
          -- (pool_prepaid then takes them all in slot order). A row lock taken on a slot that fails
          -- its recheck would outlive the statement, so each attempt that can fail runs in a
          -- subtransaction whose rollback releases it.
          -- 1. A free slot that covers the charge (never waits).
          BEGIN
            SELECT s."slot" INTO v_slot FROM "metering"."balance_slots" s
             WHERE s."account_id" = v_prepaid AND s."balance_vnd" >= p_amount_vnd
             ORDER BY (s."slot" + ${BALANCE_SLOTS} - v_start) % ${BALANCE_SLOTS} LIMIT 1 FOR UPDATE SKIP LOCKED;
            IF v_slot IS NULL THEN
              RAISE no_data_found;
            END IF;
          EXCEPTION WHEN no_data_found THEN
            v_slot := NULL;
          END;
          IF v_slot IS NULL THEN
            -- 2. When every slot covers it (all busy) or the balance is too small to spread, wait
            --    for one slot that covered it a moment ago.
            SELECT count(*) FILTER (WHERE s."balance_vnd" >= p_amount_vnd), coalesce(sum(s."balance_vnd"), 0) INTO v_covering, v_total
              FROM "metering"."balance_slots" s WHERE s."account_id" = v_prepaid;
            IF v_covering > 0 AND (v_covering = ${BALANCE_SLOTS} OR v_total < v_spread_from) THEN
              BEGIN
                SELECT s."slot", s."balance_vnd" INTO v_slot, v_total FROM "metering"."balance_slots" s
                 WHERE s."account_id" = v_prepaid AND s."slot" = (
                   SELECT c."slot" FROM "metering"."balance_slots" c WHERE c."account_id" = v_prepaid AND c."balance_vnd" >= p_amount_vnd
                    ORDER BY (c."slot" + ${BALANCE_SLOTS} - v_start) % ${BALANCE_SLOTS} LIMIT 1)
                 FOR UPDATE;
                IF v_slot IS NULL OR v_total < p_amount_vnd THEN
                  RAISE no_data_found;
                END IF;
              EXCEPTION WHEN no_data_found THEN
                v_slot := NULL;
              END;
            END IF;
            -- 3. Else pool the balance (spread it over all slots again, or gather it in slot 0).
            IF v_slot IS NULL THEN
              v_total := "metering"."pool_prepaid"(v_prepaid, v_spread_from);
              IF v_total < p_amount_vnd THEN
                RETURN QUERY SELECT 'insufficient-balance'::text, NULL::uuid, v_total, NULL::bigint, NULL::bigint;
                RETURN;
              END IF;
              SELECT s."slot" INTO v_slot FROM "metering"."balance_slots" s
               WHERE s."account_id" = v_prepaid AND s."balance_vnd" >= p_amount_vnd ORDER BY s."slot" LIMIT 1;
            END IF;
          END IF;
        END IF;
        SELECT coalesce((SELECT qu."daily_units" FROM "metering"."quotas" qu WHERE qu."organisation_id" = p_organisation_id), p_default_daily_units)
          INTO v_limit;
        IF v_limit IS NOT NULL AND p_units > 0 THEN
          INSERT INTO "metering"."daily_usage" AS u ("organisation_id", "day", "units")
            SELECT p_organisation_id, p_day, p_units WHERE p_units <= v_limit
          ON CONFLICT ("organisation_id", "day") DO UPDATE SET "units" = u."units" + EXCLUDED."units" WHERE u."units" + EXCLUDED."units" <= v_limit
          RETURNING u."units" INTO v_used;
          IF v_used IS NULL THEN
            RETURN QUERY SELECT 'quota-exceeded'::text, NULL::uuid, NULL::bigint, v_limit,
              coalesce((SELECT d."units" FROM "metering"."daily_usage" d WHERE d."organisation_id" = p_organisation_id AND d."day" = p_day), 0);
            RETURN;
          END IF;
        END IF;
        -- A twin charge of the same request id that committed meanwhile wins; this one is its replay.
        INSERT INTO "metering"."ledger_transactions" ("id", "organisation_id", "kind", "request_id", "product", "purpose", "schedule_version",
          "exemption", "outcome", "units", "unit_price_vnd", "amount_vnd", "waived_vnd", "actor", "occurred_at")
        VALUES (p_id, p_organisation_id, 'charge', p_request_id, p_product, p_purpose, p_schedule_version,
          p_exemption, p_outcome, p_units, p_unit_price_vnd, -p_amount_vnd, p_waived_vnd, p_actor, p_occurred_at)
        ON CONFLICT ("request_id") WHERE "kind" = 'charge' DO NOTHING;
        IF NOT FOUND THEN
          -- Give back the quota units taken above for this request.
          IF v_used IS NOT NULL THEN
            UPDATE "metering"."daily_usage" SET "units" = "units" - p_units WHERE "organisation_id" = p_organisation_id AND "day" = p_day;
          END IF;
          SELECT t."id", t."organisation_id", t."product" INTO v_existing FROM "metering"."ledger_transactions" t
           WHERE t."kind" = 'charge' AND t."request_id" = p_request_id;
          RETURN QUERY SELECT CASE WHEN v_existing."organisation_id" = p_organisation_id AND v_existing."product" = p_product THEN 'replayed' ELSE 'conflict' END,
            v_existing."id", NULL::bigint, NULL::bigint, NULL::bigint;
          RETURN;
        END IF;
        IF p_amount_vnd > 0 THEN
          -- A prepaid balance exists only after a top-up, which opened all of the organisation's accounts.
          SELECT a."id" INTO v_fees FROM "metering"."accounts" a WHERE a."organisation_id" = p_organisation_id AND a."code" = 'fees';
          INSERT INTO "metering"."ledger_entries" ("transaction_id", "account_id", "slot", "amount_vnd", "occurred_at")
          VALUES (p_id, v_prepaid, v_slot, -p_amount_vnd, p_occurred_at), (p_id, v_fees, v_slot, p_amount_vnd, p_occurred_at);
        END IF;
        RETURN QUERY SELECT 'charged'::text, p_id, NULL::bigint, v_limit, v_used;
      END $$`;

/**
 * The cached account balances move from one row per account (`accounts.balance_vnd`) to
 * `BALANCE_SLOTS` rows per account (`balance_slots`), so that one organisation's charges no
 * longer queue on a single prepaid row through each commit's WAL flush (ADR 0005).
 *
 * - Every ledger entry names the slot it moves (`ledger_entries.slot`); the entry trigger adds it
 *   to that slot. An account's balance is the sum of its slots (view `account_balances`), and
 *   reconciliation checks that sum against the sum of the account's entries.
 * - Each prepaid slot is never negative, so no sum of slots can be.
 * - `metering.charge_request` charges one prepaid slot that covers the charge, a free one when it
 *   can (`FOR UPDATE SKIP LOCKED`): concurrent charges of one organisation commit side by side,
 *   and PostgreSQL flushes their commits together. When no slot is free and the balance is
 *   unevenly spread, `metering.pool_prepaid` locks all of the account's slots in slot order and
 *   spreads the balance evenly when it is large, or gathers it in slot 0 when it is not.
 * - Top-ups, refunds and corrections lock every slot the same way (their balance check is exact)
 *   and post to slot 0.
 * - A move between slots keeps the account's total; a statement trigger refuses any direct change
 *   that would not, and slots are never deleted.
 *
 * pgbench (tools/bench/pgbench, one organisation, 8 clients, this 2-core machine): the function
 * with one prepaid row ran 1,188-1,245 charges/s; with slots, 2,061-2,119/s on a day the machine
 * ran about half as fast.
 */
export class MeteringBalanceSlots1764000000620 implements MigrationInterface {
  name = 'MeteringBalanceSlots1764000000620';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "metering"."balance_slots" (
        "account_id" uuid NOT NULL REFERENCES "metering"."accounts" ("id"),
        "slot" smallint NOT NULL CHECK ("slot" >= 0 AND "slot" < ${BALANCE_SLOTS}),
        "balance_vnd" bigint NOT NULL,
        "non_negative" boolean NOT NULL,
        PRIMARY KEY ("account_id", "slot"),
        CONSTRAINT "balance_slots_prepaid_not_negative" CHECK (NOT "non_negative" OR "balance_vnd" >= 0)
      )`);
    await q.query(`
      INSERT INTO "metering"."balance_slots" ("account_id", "slot", "balance_vnd", "non_negative")
      SELECT "id", 0, "balance_vnd", "code" = 'prepaid' FROM "metering"."accounts"`);
    await q.query(`ALTER TABLE "metering"."ledger_entries" ADD COLUMN "slot" smallint NOT NULL DEFAULT 0 CHECK ("slot" >= 0 AND "slot" < ${BALANCE_SLOTS})`);

    await q.query(APPLY_ENTRY_FUNCTION_620);
    await q.query(`
      CREATE OR REPLACE FUNCTION "metering"."guard_account"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW."organisation_id" <> OLD."organisation_id" OR NEW."code" <> OLD."code" THEN
          RAISE EXCEPTION 'accounts are never deleted or moved (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`ALTER TABLE "metering"."accounts" DROP COLUMN "balance_vnd"`);
    await q.query(`
      CREATE VIEW "metering"."account_balances" AS
      SELECT a."id" AS "account_id", a."organisation_id", a."code", COALESCE(sum(s."balance_vnd"), 0)::bigint AS "balance_vnd"
        FROM "metering"."accounts" a LEFT JOIN "metering"."balance_slots" s ON s."account_id" = a."id"
       GROUP BY a."id", a."organisation_id", a."code"`);

    // Slots change through entries (the trigger above, one level down) or by moves that keep the total.
    await q.query(`
      CREATE FUNCTION "metering"."guard_slot_row"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'balance slots are never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF pg_trigger_depth() < 2 AND NEW."balance_vnd" <> 0 THEN
          RAISE EXCEPTION 'a balance slot starts at zero; balances change only through ledger entries' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER "balance_slots_guard_row" BEFORE INSERT OR DELETE ON "metering"."balance_slots"
      FOR EACH ROW EXECUTE FUNCTION "metering"."guard_slot_row"()`);
    await q.query(`CREATE TRIGGER "balance_slots_no_truncate" BEFORE TRUNCATE ON "metering"."balance_slots"
      FOR EACH STATEMENT EXECUTE FUNCTION "metering"."refuse_change"()`);
    await q.query(`
      CREATE FUNCTION "metering"."guard_slot_moves"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF pg_trigger_depth() >= 2 THEN
          RETURN NULL;
        END IF;
        IF EXISTS (
          SELECT 1 FROM (SELECT "account_id", sum("balance_vnd") AS total FROM old_slots GROUP BY 1) o
            FULL JOIN (SELECT "account_id", sum("balance_vnd") AS total FROM new_slots GROUP BY 1) n USING ("account_id")
           WHERE o.total IS DISTINCT FROM n.total)
        THEN
          RAISE EXCEPTION 'balances change only through ledger entries; a move between slots must keep the account''s total'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER "balance_slots_guard_moves" AFTER UPDATE ON "metering"."balance_slots"
      REFERENCING OLD TABLE AS old_slots NEW TABLE AS new_slots FOR EACH STATEMENT EXECUTE FUNCTION "metering"."guard_slot_moves"()`);

    // Locks every slot of a prepaid account in slot order and pools its balance: spread evenly
    // over all slots when the total is at least p_spread_from, else all in slot 0 (null: always
    // slot 0). Returns the total, exact: no other transaction can change a slot until this one ends.
    await q.query(`
      CREATE FUNCTION "metering"."pool_prepaid"(p_account_id uuid, p_spread_from bigint) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        v_total bigint;
        v_spread boolean;
      BEGIN
        INSERT INTO "metering"."balance_slots" ("account_id", "slot", "balance_vnd", "non_negative")
        SELECT p_account_id, g, 0, true FROM generate_series(0, ${BALANCE_SLOTS - 1}) g
        ON CONFLICT ("account_id", "slot") DO NOTHING;
        PERFORM 1 FROM "metering"."balance_slots" s WHERE s."account_id" = p_account_id ORDER BY s."slot" FOR UPDATE;
        SELECT sum(s."balance_vnd") INTO v_total FROM "metering"."balance_slots" s WHERE s."account_id" = p_account_id;
        v_spread := coalesce(v_total >= p_spread_from, false);
        UPDATE "metering"."balance_slots" s SET "balance_vnd" = CASE
            WHEN v_spread THEN v_total / ${BALANCE_SLOTS} + CASE WHEN s."slot" < v_total % ${BALANCE_SLOTS} THEN 1 ELSE 0 END
            WHEN s."slot" = 0 THEN v_total ELSE 0 END
         WHERE s."account_id" = p_account_id;
        RETURN v_total;
      END $$`);

    await q.query(CHARGE_REQUEST_FUNCTION_620);
    // The ledger's functions find rows by key. A plan cached while a table was nearly empty would
    // scan it sequentially for the rest of the session (O(rows) per charge); migration 610 planned
    // every call instead. With sequential scans off in these functions, their cached plans use the
    // keys' indexes whatever the statistics say, and are planned once per session.
    for (const fn of ['"charge_request"', '"check_balanced"()', '"apply_entry"()', '"pool_prepaid"(uuid, bigint)']) {
      await q.query(`ALTER FUNCTION "metering".${fn} RESET plan_cache_mode`);
      await q.query(`ALTER FUNCTION "metering".${fn} SET enable_seqscan = off`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "metering"."accounts" ADD COLUMN "balance_vnd" bigint NOT NULL DEFAULT 0`);
    await q.query(`UPDATE "metering"."accounts" a SET "balance_vnd" = b."balance_vnd" FROM "metering"."account_balances" b WHERE b."account_id" = a."id"`);
    await q.query(`ALTER TABLE "metering"."accounts" ADD CONSTRAINT "accounts_prepaid_not_negative" CHECK ("code" <> 'prepaid' OR "balance_vnd" >= 0)`);
    await q.query(GUARD_ACCOUNT_FUNCTION);
    await q.query(APPLY_ENTRY_FUNCTION);
    for (const fn of ['"check_balanced"()', '"apply_entry"()']) await q.query(`ALTER FUNCTION "metering".${fn} RESET enable_seqscan`);
    await q.query(`DROP VIEW "metering"."account_balances"`);
    await q.query(`DROP FUNCTION "metering"."charge_request"`);
    await q.query(`DROP FUNCTION "metering"."pool_prepaid"(uuid, bigint)`);
    await q.query(`DROP TABLE "metering"."balance_slots"`);
    await q.query(`DROP FUNCTION "metering"."guard_slot_row"()`);
    await q.query(`DROP FUNCTION "metering"."guard_slot_moves"()`);
    await q.query(`ALTER TABLE "metering"."ledger_entries" DROP COLUMN "slot"`);
    await new MeteringChargeFunction1764000000610().up(q);
  }
}
