import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consents are immutable rows; their history is an append-only list of transitions. The
 * database itself refuses UPDATE and DELETE on both, so the record of who agreed to what, and
 * when, cannot be rewritten. The current state is the last transition of each consent.
 */
export class ConsentInit1764000000200 implements MigrationInterface {
  name = 'ConsentInit1764000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "consent"."purposes" (
        "code" text PRIMARY KEY CHECK ("code" ~ '^[a-z0-9][a-z0-9-]{1,63}$'),
        "title" text NOT NULL,
        "description" text NOT NULL,
        "legal_text" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "consent"."consents" (
        "id" uuid PRIMARY KEY,
        "citizen_pseudonym" text NOT NULL,
        "organisation_id" uuid NOT NULL,
        "purpose_code" text NOT NULL REFERENCES "consent"."purposes" ("code"),
        "fields" text[] NOT NULL,
        "operations" text[] NOT NULL,
        "frequency_limit" integer,
        "frequency_period" text CHECK ("frequency_period" IN ('day', 'month', 'once')),
        "valid_from" timestamptz NOT NULL,
        "valid_to" timestamptz NOT NULL,
        "data_life_days" integer NOT NULL,
        "request_expires_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL,
        CHECK ("valid_to" > "valid_from"),
        CHECK (("frequency_limit" IS NULL) = ("frequency_period" IS NULL))
      )`);
    await q.query(`CREATE INDEX "consents_subject_idx" ON "consent"."consents" ("citizen_pseudonym", "organisation_id", "purpose_code")`);
    await q.query(`CREATE INDEX "consents_organisation_idx" ON "consent"."consents" ("organisation_id", "created_at" DESC)`);
    await q.query(`
      CREATE TABLE "consent"."transitions" (
        "id" bigserial PRIMARY KEY,
        "consent_id" uuid NOT NULL REFERENCES "consent"."consents" ("id"),
        "sequence" integer NOT NULL,
        "action" text NOT NULL CHECK ("action" IN ('request', 'approve', 'reject', 'pause', 'resume', 'revoke', 'expire')),
        "from_state" text,
        "to_state" text NOT NULL CHECK ("to_state" IN ('PENDING', 'ACTIVE', 'REJECTED', 'PAUSED', 'REVOKED', 'EXPIRED')),
        "granted_fields" text[] NOT NULL,
        "actor_kind" text NOT NULL CHECK ("actor_kind" IN ('citizen', 'organisation', 'system')),
        "actor_id" text NOT NULL,
        "reason" text,
        "at" timestamptz NOT NULL,
        "receipt_id" uuid NOT NULL UNIQUE,
        "receipt_jws" text NOT NULL,
        UNIQUE ("consent_id", "sequence")
      )`);
    await q.query(`CREATE INDEX "transitions_latest_idx" ON "consent"."transitions" ("consent_id", "sequence" DESC)`);
    await q.query(`
      CREATE FUNCTION "consent"."refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'consent records are append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['consents', 'transitions']) {
      await q.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "consent"."${table}"
        FOR EACH ROW EXECUTE FUNCTION "consent"."refuse_change"()`);
      await q.query(`CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "consent"."${table}"
        FOR EACH STATEMENT EXECUTE FUNCTION "consent"."refuse_change"()`);
    }
    // The current state of each consent: its last transition. Other services read consents
    // only through this view (and its indexes), never the tables.
    await q.query(`
      CREATE VIEW "consent"."consent_heads" AS
      SELECT c.*, t.to_state AS state, t.granted_fields, t.sequence, t.at AS state_since
        FROM "consent"."consents" c
        JOIN LATERAL (
          SELECT to_state, granted_fields, sequence, at FROM "consent"."transitions"
           WHERE consent_id = c.id ORDER BY sequence DESC LIMIT 1
        ) t ON true`);
    await q.query(`
      CREATE TABLE "consent"."signing_keys" (
        "kid" text PRIMARY KEY,
        "public_jwk" jsonb NOT NULL,
        "private_pem" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "retired_at" timestamptz
      )`);
    await q.query(`
      CREATE TABLE "consent"."webhook_endpoints" (
        "organisation_id" uuid PRIMARY KEY,
        "url" text NOT NULL,
        "secret" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "consent"."webhook_deliveries" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "transition_id" bigint NOT NULL REFERENCES "consent"."transitions" ("id"),
        "status" text NOT NULL CHECK ("status" IN ('pending', 'delivered', 'dead')),
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "last_attempt_at" timestamptz,
        "delivered_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        UNIQUE ("organisation_id", "transition_id")
      )`);
    await q.query(`CREATE INDEX "webhook_deliveries_status_idx" ON "consent"."webhook_deliveries" ("organisation_id", "status", "created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA "consent" CASCADE`);
  }
}

import { ConsentAuditCursor1764000000201 } from './consent-audit-cursor.migration';
import { ConsentCommitOrder1764000000202 } from './consent-commit-order.migration';
import { ConsentPendingDeliveries1764000000203 } from './consent-pending-deliveries.migration';

export const consentMigrations = [ConsentInit1764000000200, ConsentAuditCursor1764000000201, ConsentCommitOrder1764000000202, ConsentPendingDeliveries1764000000203];
