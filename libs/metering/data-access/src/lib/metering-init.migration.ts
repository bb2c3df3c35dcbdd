import { MigrationInterface, QueryRunner } from 'typeorm';

/** The entry trigger's function as this migration made it (the cached balance on the account row). */
export const APPLY_ENTRY_FUNCTION = `
      CREATE OR REPLACE FUNCTION "metering"."apply_entry"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE "metering"."accounts" SET "balance_vnd" = "balance_vnd" + NEW."amount_vnd" WHERE "id" = NEW."account_id";
        RETURN NULL;
      END $$`;

/** The account guard's function as this migration made it. */
export const GUARD_ACCOUNT_FUNCTION = `
      CREATE OR REPLACE FUNCTION "metering"."guard_account"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW."organisation_id" <> OLD."organisation_id" OR NEW."code" <> OLD."code"
           OR (NEW."balance_vnd" <> OLD."balance_vnd" AND pg_trigger_depth() < 2) THEN
          RAISE EXCEPTION 'account balances change only through ledger entries (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`;

/**
 * The metering schema. Plain schema-qualified SQL that runs on PostgreSQL 15+ and on PGlite.
 *
 * Money is whole VND in bigint. The ledger is double-entry: every ledger transaction (a top-up,
 * charge, refund or correction) has entries on an organisation's accounts that sum to zero
 * (checked at commit by a deferred constraint trigger). Fee schedules, transactions and entries
 * are append-only (triggers refuse UPDATE, DELETE and TRUNCATE). An account's cached balance
 * changes only through the trigger that inserts its entries, in the same transaction, and the
 * prepaid account may never go below zero; reconciliation re-checks it against the sum of entries.
 */
export class MeteringInit1764000000600 implements MigrationInterface {
  name = 'MeteringInit1764000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION "metering"."refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'metering records are append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TABLE "metering"."fee_schedules" (
        "version" text PRIMARY KEY,
        "effective_from" date NOT NULL,
        "effective_to" date,
        "definition" jsonb NOT NULL,
        "legal_reference" text NOT NULL,
        "published_by" text NOT NULL,
        "published_at" timestamptz NOT NULL DEFAULT now(),
        "sequence" bigserial NOT NULL UNIQUE,
        CHECK ("effective_to" IS NULL OR "effective_to" >= "effective_from")
      )`);
    await q.query(`
      CREATE TABLE "metering"."accounts" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "code" text NOT NULL CHECK ("code" IN ('prepaid', 'fees', 'funding')),
        "balance_vnd" bigint NOT NULL DEFAULT 0,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        UNIQUE ("organisation_id", "code"),
        CONSTRAINT "accounts_prepaid_not_negative" CHECK ("code" <> 'prepaid' OR "balance_vnd" >= 0)
      )`);
    await q.query(`
      CREATE TABLE "metering"."ledger_transactions" (
        "id" uuid PRIMARY KEY,
        "organisation_id" uuid NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN ('top-up', 'charge', 'refund', 'correction')),
        "request_id" text,
        "external_ref" text,
        "references_id" uuid REFERENCES "metering"."ledger_transactions" ("id"),
        "product" text,
        "purpose" text,
        "schedule_version" text REFERENCES "metering"."fee_schedules" ("version"),
        "exemption" text,
        "outcome" text,
        "units" integer NOT NULL DEFAULT 0 CHECK ("units" >= 0),
        "unit_price_vnd" bigint,
        "amount_vnd" bigint NOT NULL,
        "waived_vnd" bigint NOT NULL DEFAULT 0,
        "reason" text,
        "actor" text NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        CHECK (("kind" = 'charge') = ("request_id" IS NOT NULL)),
        CHECK ("kind" NOT IN ('refund', 'correction') OR ("references_id" IS NOT NULL AND "reason" IS NOT NULL)),
        CHECK ("kind" <> 'charge' OR ("amount_vnd" <= 0 AND "product" IS NOT NULL AND "schedule_version" IS NOT NULL)),
        CHECK ("kind" NOT IN ('top-up', 'refund') OR "amount_vnd" > 0),
        CHECK ("kind" <> 'correction' OR "amount_vnd" <> 0)
      )`);
    await q.query(`CREATE UNIQUE INDEX "ledger_transactions_charge_request_key" ON "metering"."ledger_transactions" ("request_id") WHERE "kind" = 'charge'`);
    await q.query(`CREATE UNIQUE INDEX "ledger_transactions_external_ref_key" ON "metering"."ledger_transactions" ("kind", "external_ref") WHERE "external_ref" IS NOT NULL`);
    await q.query(`CREATE INDEX "ledger_transactions_organisation_idx" ON "metering"."ledger_transactions" ("organisation_id", "occurred_at")`);
    await q.query(`CREATE INDEX "ledger_transactions_occurred_idx" ON "metering"."ledger_transactions" ("occurred_at")`);
    await q.query(`CREATE INDEX "ledger_transactions_references_idx" ON "metering"."ledger_transactions" ("references_id") WHERE "references_id" IS NOT NULL`);
    await q.query(`
      CREATE TABLE "metering"."ledger_entries" (
        "id" bigserial PRIMARY KEY,
        "transaction_id" uuid NOT NULL REFERENCES "metering"."ledger_transactions" ("id"),
        "account_id" uuid NOT NULL REFERENCES "metering"."accounts" ("id"),
        "amount_vnd" bigint NOT NULL CHECK ("amount_vnd" <> 0),
        "occurred_at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX "ledger_entries_account_idx" ON "metering"."ledger_entries" ("account_id", "occurred_at")`);
    await q.query(`CREATE INDEX "ledger_entries_transaction_idx" ON "metering"."ledger_entries" ("transaction_id")`);
    for (const table of ['fee_schedules', 'ledger_transactions', 'ledger_entries']) {
      await q.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "metering"."${table}"
        FOR EACH ROW EXECUTE FUNCTION "metering"."refuse_change"()`);
      await q.query(`CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "metering"."${table}"
        FOR EACH STATEMENT EXECUTE FUNCTION "metering"."refuse_change"()`);
    }
    // The cached balance moves only with its entries, in the same transaction.
    await q.query(APPLY_ENTRY_FUNCTION);
    await q.query(`CREATE TRIGGER "ledger_entries_apply" AFTER INSERT ON "metering"."ledger_entries"
      FOR EACH ROW EXECUTE FUNCTION "metering"."apply_entry"()`);
    await q.query(GUARD_ACCOUNT_FUNCTION);
    await q.query(`CREATE TRIGGER "accounts_guard" BEFORE UPDATE OR DELETE ON "metering"."accounts"
      FOR EACH ROW EXECUTE FUNCTION "metering"."guard_account"()`);
    // Double entry: a transaction's entries sum to zero, checked once all are in (at commit).
    await q.query(`
      CREATE FUNCTION "metering"."check_balanced"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE total numeric;
      BEGIN
        SELECT sum("amount_vnd") INTO total FROM "metering"."ledger_entries" WHERE "transaction_id" = NEW."transaction_id";
        IF total <> 0 THEN
          RAISE EXCEPTION 'ledger transaction % is unbalanced by % VND', NEW."transaction_id", total USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER "ledger_entries_balanced" AFTER INSERT ON "metering"."ledger_entries"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "metering"."check_balanced"()`);

    await q.query(`
      CREATE TABLE "metering"."daily_usage" (
        "organisation_id" uuid NOT NULL,
        "day" date NOT NULL,
        "units" bigint NOT NULL CHECK ("units" >= 0),
        PRIMARY KEY ("organisation_id", "day")
      )`);
    await q.query(`
      CREATE TABLE "metering"."quotas" (
        "organisation_id" uuid PRIMARY KEY,
        "daily_units" bigint NOT NULL CHECK ("daily_units" >= 0),
        "updated_by" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "metering"."reconciliation_runs" (
        "id" uuid PRIMARY KEY,
        "kind" text NOT NULL CHECK ("kind" IN ('ledger', 'audit')),
        "period_from" timestamptz,
        "period_to" timestamptz,
        "started_at" timestamptz NOT NULL,
        "finished_at" timestamptz,
        "findings" integer NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE "metering"."reconciliation_findings" (
        "id" bigserial PRIMARY KEY,
        "run_id" uuid NOT NULL REFERENCES "metering"."reconciliation_runs" ("id"),
        "kind" text NOT NULL,
        "organisation_id" uuid,
        "reference" text NOT NULL,
        "detail" jsonb NOT NULL,
        "found_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "reconciliation_findings_found_idx" ON "metering"."reconciliation_findings" ("found_at" DESC)`);

    // Stripe: customers, top-up checkouts, webhook events (each handled once), usage reports.
    await q.query(`
      CREATE TABLE "metering"."billing_customers" (
        "organisation_id" uuid PRIMARY KEY,
        "stripe_customer_id" text NOT NULL UNIQUE,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "metering"."top_ups" (
        "id" uuid PRIMARY KEY,
        "organisation_id" uuid NOT NULL,
        "amount_vnd" bigint NOT NULL CHECK ("amount_vnd" > 0),
        "provider_ref" text UNIQUE,
        "status" text NOT NULL CHECK ("status" IN ('open', 'paid', 'failed', 'expired')),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "settled_at" timestamptz
      )`);
    await q.query(`
      CREATE TABLE "metering"."stripe_events" (
        "id" text PRIMARY KEY,
        "type" text NOT NULL,
        "payload" jsonb NOT NULL,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        "processed_at" timestamptz,
        "outcome" text
      )`);
    await q.query(`
      CREATE TABLE "metering"."stripe_invoices" (
        "id" text PRIMARY KEY,
        "stripe_customer_id" text,
        "status" text NOT NULL,
        "amount_due_vnd" bigint NOT NULL,
        "amount_paid_vnd" bigint NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "metering"."usage_reports" (
        "identifier" text PRIMARY KEY,
        "organisation_id" uuid NOT NULL,
        "day" date NOT NULL,
        "units" bigint NOT NULL,
        "amount_vnd" bigint NOT NULL,
        "reported_at" timestamptz NOT NULL DEFAULT now(),
        UNIQUE ("organisation_id", "day")
      )`);

    // Circular 48/2022/TT-BTC: 1,000 VND per field, 50 % off until 31 Dec 2023.
    await q.query(
      `INSERT INTO "metering"."fee_schedules" ("version", "effective_from", "effective_to", "definition", "legal_reference", "published_by")
       VALUES ($1, $2, NULL, $3::jsonb, $4, 'migration')`,
      [
        'TT48-2022.1',
        '2022-09-17',
        JSON.stringify({
          ratesVnd: { SPDC01: '1000', SPDC02: '1000', SPDC03: '1000', SPDC04: '1000', SPDC05: '1000' },
          reductions: [{ from: '2022-09-17', to: '2023-12-31', basisPoints: 5000, reference: 'Circular 48/2022/TT-BTC: 50% until 31 Dec 2023' }],
          exemptOrganisationKinds: ['state-agency', 'specialised-database-agency', 'political-organisation'],
          citizenSelfExempt: true,
          billableOutcomes: ['match', 'no-match', 'answered'],
          collectorRetainedBasisPoints: 3000,
          declarationDueDay: 5,
        }),
        'Circular 48/2022/TT-BTC (in force 17 Sep 2022)',
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA "metering" CASCADE`);
  }
}

