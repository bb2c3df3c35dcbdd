import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Licences are versioned documents: each version is a new row, never an update, so the terms
 * any past decision relied on can always be read back by its policy version. Suspensions and
 * their lifts are append-only history. The database refuses UPDATE, DELETE and TRUNCATE on all
 * of them, whatever the application does.
 */
export class PolicyInit1764000000400 implements MigrationInterface {
  name = 'PolicyInit1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "policy"."licences" (
        "id" uuid PRIMARY KEY,
        "organisation_id" uuid NOT NULL,
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "licences_organisation_idx" ON "policy"."licences" ("organisation_id", "created_at", "id")`);
    await q.query(`CREATE INDEX "licences_created_idx" ON "policy"."licences" ("created_at", "id")`);
    // legal_basis, purposes and fields repeat what the licence document says, for indexed reverse queries.
    await q.query(`
      CREATE TABLE "policy"."licence_versions" (
        "licence_id" uuid NOT NULL REFERENCES "policy"."licences" ("id"),
        "version" integer NOT NULL CHECK ("version" >= 1),
        "effective_from" timestamptz NOT NULL,
        "licence" jsonb NOT NULL,
        "legal_basis" text NOT NULL CHECK ("legal_basis" IN ('consent', 'legal-duty')),
        "purposes" text[] NOT NULL,
        "fields" text[] NOT NULL,
        "note" text,
        "created_by" text NOT NULL,
        "created_by_role" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("licence_id", "version"),
        CHECK ("licence" ->> 'id' = "licence_id"::text),
        CHECK (("licence" ->> 'version')::integer = "version"),
        CHECK ("licence" ->> 'legalBasis' = "legal_basis")
      )`);
    await q.query(`CREATE INDEX "licence_versions_fields_idx" ON "policy"."licence_versions" USING gin ("fields")`);
    await q.query(`
      CREATE TABLE "policy"."suspensions" (
        "id" uuid PRIMARY KEY,
        "target" text NOT NULL CHECK ("target" IN ('organisation', 'api-key')),
        "organisation_id" uuid NOT NULL,
        "api_key_id" uuid,
        "reason" text NOT NULL,
        "suspended_by" text NOT NULL,
        "suspended_by_role" text NOT NULL CHECK ("suspended_by_role" IN ('regulator', 'operator')),
        "suspended_at" timestamptz NOT NULL DEFAULT now(),
        CHECK (("target" = 'api-key') = ("api_key_id" IS NOT NULL))
      )`);
    // The two arms of the in-force lookup, each by its own partial index.
    await q.query(`CREATE INDEX "suspensions_organisation_idx" ON "policy"."suspensions" ("organisation_id") WHERE "target" = 'organisation'`);
    await q.query(`CREATE INDEX "suspensions_api_key_idx" ON "policy"."suspensions" ("api_key_id") WHERE "target" = 'api-key'`);
    await q.query(`CREATE INDEX "suspensions_listing_idx" ON "policy"."suspensions" ("suspended_at" DESC, "id" DESC)`);
    await q.query(`
      CREATE TABLE "policy"."suspension_lifts" (
        "suspension_id" uuid PRIMARY KEY REFERENCES "policy"."suspensions" ("id"),
        "reason" text,
        "lifted_by" text NOT NULL,
        "lifted_by_role" text NOT NULL CHECK ("lifted_by_role" IN ('regulator', 'operator')),
        "lifted_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // What each rules version of the decision logic means; a policy version names one of these.
    await q.query(`
      CREATE TABLE "policy"."rules_versions" (
        "version" text PRIMARY KEY,
        "summary" text NOT NULL,
        "released_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `INSERT INTO "policy"."rules_versions" ("version", "summary") VALUES ($1, $2)`,
      [
        'r1',
        'Decision rules of @consentry/policy-domain as of issue 4: suspension, licence status and validity, legal duty for state bodies '
          + '(basic fields only), consent state, window, operation and frequency, sensitive fields only under a consent naming them, '
          + 'citizen-self access; verify is always match-only.',
      ],
    );
    await q.query(`
      CREATE FUNCTION "policy"."refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'policy records are append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['licences', 'licence_versions', 'suspensions', 'suspension_lifts', 'rules_versions']) {
      await q.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "policy"."${table}"
        FOR EACH ROW EXECUTE FUNCTION "policy"."refuse_change"()`);
      await q.query(`CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "policy"."${table}"
        FOR EACH STATEMENT EXECUTE FUNCTION "policy"."refuse_change"()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA "policy" CASCADE`);
  }
}

export const policyMigrations = [PolicyInit1764000000400];
