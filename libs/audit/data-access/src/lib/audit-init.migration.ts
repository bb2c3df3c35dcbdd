import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows, once written, never change or go away. */
export const APPEND_ONLY_TABLES = ['entries', 'tree_nodes', 'checkpoints', 'signing_keys', 'dev_signing_key'] as const;

export class AuditInit1764000000700 implements MigrationInterface {
  name = 'AuditInit1764000000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "audit"."entries" (
        "idx" bigint PRIMARY KEY CHECK ("idx" >= 0),
        "event_id" uuid NOT NULL,
        "leaf" bytea NOT NULL,
        "leaf_hash" bytea NOT NULL CHECK (octet_length("leaf_hash") = 32),
        "occurred_at" timestamptz NOT NULL,
        "sequenced_at" timestamptz NOT NULL DEFAULT now(),
        "organisation_id" text NOT NULL,
        "operation" text NOT NULL,
        "purpose" text NOT NULL,
        "decision" text NOT NULL CHECK ("decision" IN ('allow', 'deny')),
        "fields" text[] NOT NULL,
        "fee_amount_vnd" bigint CHECK ("fee_amount_vnd" >= 0),
        "citizen_pseudonym" text,
        "subject_salt" bytea,
        "disclosure_after" timestamptz,
        CONSTRAINT "entries_subject_salt" CHECK (("citizen_pseudonym" IS NULL) = ("subject_salt" IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX "entries_event_id_key" ON "audit"."entries" ("event_id")`);
    // Proofs read leaf hashes by index: a narrow covering index serves them by index-only scans
    // instead of visiting the wide rows (10x smaller, so it stays in memory on large logs).
    await q.query(`CREATE INDEX "entries_leaf_hash_idx" ON "audit"."entries" ("idx") INCLUDE ("leaf_hash")`);
    await q.query(`CREATE INDEX "entries_citizen_idx" ON "audit"."entries" ("citizen_pseudonym", "occurred_at" DESC, "idx" DESC) WHERE "citizen_pseudonym" IS NOT NULL`);
    await q.query(`CREATE INDEX "entries_organisation_idx" ON "audit"."entries" ("organisation_id", "occurred_at" DESC, "idx" DESC)`);
    await q.query(`CREATE INDEX "entries_occurred_at_idx" ON "audit"."entries" ("occurred_at" DESC, "idx" DESC)`);

    await q.query(`
      CREATE TABLE "audit"."tree_nodes" (
        "node_key" bigint PRIMARY KEY,
        "hash" bytea NOT NULL CHECK (octet_length("hash") = 32)
      )`);
    await q.query(`
      CREATE TABLE "audit"."tree_state" (
        "id" smallint PRIMARY KEY CHECK ("id" = 1),
        "size" bigint NOT NULL CHECK ("size" >= 0),
        "frontier" bytea NOT NULL,
        "root_hash" bytea NOT NULL CHECK (octet_length("root_hash") = 32),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // The empty tree: size 0, no frontier, root SHA-256("").
    await q.query(`
      INSERT INTO "audit"."tree_state" ("id", "size", "frontier", "root_hash")
      VALUES (1, 0, '\\x'::bytea, decode('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex'))`);
    await q.query(`
      CREATE TABLE "audit"."checkpoints" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "tree_size" bigint NOT NULL CHECK ("tree_size" >= 0),
        "root_hash" bytea NOT NULL CHECK (octet_length("root_hash") = 32),
        "note" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "checkpoints_tree_size_idx" ON "audit"."checkpoints" ("tree_size")`);
    await q.query(`
      CREATE TABLE "audit"."signing_keys" (
        "vkey" text PRIMARY KEY,
        "name" text NOT NULL,
        "first_used_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "audit"."dev_signing_key" (
        "id" smallint PRIMARY KEY CHECK ("id" = 1),
        "skey" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "audit"."citizen_keys" (
        "citizen_pseudonym" text PRIMARY KEY,
        "wrapped_key" bytea NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "audit"."disputes" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "entry_index" bigint NOT NULL REFERENCES "audit"."entries" ("idx"),
        "citizen_pseudonym" text NOT NULL,
        "account_id" text NOT NULL,
        "reason" text NOT NULL CHECK (length("reason") BETWEEN 1 AND 2000),
        "status" text NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'under-review', 'upheld', 'dismissed')),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "disputes_one_open_per_entry" ON "audit"."disputes" ("entry_index", "citizen_pseudonym") WHERE "status" IN ('open', 'under-review')`);
    await q.query(`CREATE INDEX "disputes_status_idx" ON "audit"."disputes" ("status", "created_at" DESC)`);
    await q.query(`
      CREATE TABLE "audit"."rejected_events" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "event_id" text,
        "errors" jsonb NOT NULL,
        "received_at" timestamptz NOT NULL DEFAULT now()
      )`);

    // Append-only, enforced by the database itself and not only by the code that writes.
    await q.query(`
      CREATE FUNCTION "audit"."refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit.% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    for (const table of APPEND_ONLY_TABLES) {
      await q.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "audit"."${table}" FOR EACH ROW EXECUTE FUNCTION "audit"."refuse_change"()`);
      await q.query(`CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "audit"."${table}" FOR EACH STATEMENT EXECUTE FUNCTION "audit"."refuse_change"()`);
    }
    // Citizen keys may be deleted (erasure), never changed or truncated wholesale.
    await q.query(`CREATE TRIGGER "citizen_keys_no_update" BEFORE UPDATE ON "audit"."citizen_keys" FOR EACH ROW EXECUTE FUNCTION "audit"."refuse_change"()`);
    await q.query(`CREATE TRIGGER "citizen_keys_no_truncate" BEFORE TRUNCATE ON "audit"."citizen_keys" FOR EACH STATEMENT EXECUTE FUNCTION "audit"."refuse_change"()`);
    // The sequencer row moves forward only.
    await q.query(`
      CREATE FUNCTION "audit"."tree_state_forward_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."size" < OLD."size" OR NEW."id" <> OLD."id" THEN
          RAISE EXCEPTION 'audit.tree_state may only grow' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END
      $$`);
    await q.query(`CREATE TRIGGER "tree_state_forward_only" BEFORE UPDATE ON "audit"."tree_state" FOR EACH ROW EXECUTE FUNCTION "audit"."tree_state_forward_only"()`);
    await q.query(`CREATE TRIGGER "tree_state_no_delete" BEFORE DELETE ON "audit"."tree_state" FOR EACH ROW EXECUTE FUNCTION "audit"."refuse_change"()`);
    await q.query(`CREATE TRIGGER "tree_state_no_truncate" BEFORE TRUNCATE ON "audit"."tree_state" FOR EACH STATEMENT EXECUTE FUNCTION "audit"."refuse_change"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['rejected_events', 'disputes', 'citizen_keys', 'dev_signing_key', 'signing_keys', 'checkpoints', 'tree_state', 'tree_nodes', 'entries']) {
      await q.query(`DROP TABLE "audit"."${table}"`);
    }
    await q.query(`DROP FUNCTION "audit"."tree_state_forward_only"()`);
    await q.query(`DROP FUNCTION "audit"."refuse_change"()`);
  }
}
