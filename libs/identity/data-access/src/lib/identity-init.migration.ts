import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityInit1764000000000 implements MigrationInterface {
  name = 'IdentityInit1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "identity"."accounts" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "login" text NOT NULL,
        "role" text NOT NULL CHECK ("role" IN ('citizen', 'regulator', 'operator')),
        "password_hash" text NOT NULL,
        "citizen_pseudonym" text,
        "eid_level" smallint CHECK ("eid_level" IN (1, 2)),
        "disabled_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "accounts_citizen_fields" CHECK (("role" = 'citizen') = ("citizen_pseudonym" IS NOT NULL AND "eid_level" IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX "accounts_login_key" ON "identity"."accounts" ("login")`);
    await q.query(`
      CREATE TABLE "identity"."organisations" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN ('enterprise', 'state-agency', 'specialised-database-agency', 'political-organisation')),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "organisations_name_key" ON "identity"."organisations" ("name")`);
    await q.query(`
      CREATE TABLE "identity"."api_keys" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL REFERENCES "identity"."organisations" ("id"),
        "prefix" text NOT NULL,
        "key_hash" text NOT NULL,
        "scopes" text[] NOT NULL CHECK ("scopes" <@ ARRAY['verify', 'lookup', 'batch', 'consent']::text[]),
        "label" text NOT NULL,
        "revoked_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "identity"."api_keys" ("key_hash")`);
    await q.query(`CREATE INDEX "api_keys_organisation_idx" ON "identity"."api_keys" ("organisation_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "identity"."api_keys"`);
    await q.query(`DROP TABLE "identity"."organisations"`);
    await q.query(`DROP TABLE "identity"."accounts"`);
  }
}

/**
 * API key lifecycle: the `keys` scope (an organisation manages its own keys), rotation with a
 * grace period (`expires_at`, `replaced_by`) and who issued and revoked each key. The `breaches`
 * scope: breach reports needed only a live key of any scope before, so keys issued before gain
 * it (they keep what they could do); none of them gains `keys`.
 */
export class IdentityApiKeyLifecycle1764000000010 implements MigrationInterface {
  name = 'IdentityApiKeyLifecycle1764000000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "identity"."api_keys" DROP CONSTRAINT "api_keys_scopes_check"`);
    // Before the new check: a key made by hand with no scope ('{}' passed the old one) gains one here.
    await q.query(`UPDATE "identity"."api_keys" SET "scopes" = "scopes" || ARRAY['breaches']::text[]`);
    await q.query(`ALTER TABLE "identity"."api_keys"
      ADD CONSTRAINT "api_keys_scopes_check" CHECK ("scopes" <@ ARRAY['verify', 'lookup', 'batch', 'consent', 'keys', 'breaches']::text[] AND cardinality("scopes") > 0),
      ADD COLUMN "expires_at" timestamptz,
      ADD COLUMN "replaced_by" uuid UNIQUE REFERENCES "identity"."api_keys" ("id") DEFERRABLE INITIALLY DEFERRED,
      ADD COLUMN "created_by" text,
      ADD COLUMN "revoked_by" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "identity"."api_keys" DROP COLUMN "revoked_by", DROP COLUMN "created_by", DROP COLUMN "replaced_by", DROP COLUMN "expires_at"`);
    await q.query(`UPDATE "identity"."api_keys" SET "scopes" = array_remove(array_remove("scopes", 'breaches'), 'keys')`);
    await q.query(`ALTER TABLE "identity"."api_keys" DROP CONSTRAINT "api_keys_scopes_check"`);
    await q.query(`ALTER TABLE "identity"."api_keys" ADD CONSTRAINT "api_keys_scopes_check" CHECK ("scopes" <@ ARRAY['verify', 'lookup', 'batch', 'consent']::text[])`);
  }
}

/**
 * Sign-in attempts per login in a window (each counted before its password is checked, cleared by
 * a success), so password guessing is refused after a few failures. Keyed by an HMAC of the login
 * (PSEUDONYM_KEY), never the login: a citizen's login is their ID number; usernames neither.
 */
export class IdentitySignInAttempts1764000000020 implements MigrationInterface {
  name = 'IdentitySignInAttempts1764000000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "identity"."sign_in_attempts" (
        "login_key" text PRIMARY KEY,
        "attempts" integer NOT NULL CHECK ("attempts" > 0),
        "window_started_at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX "sign_in_attempts_window_idx" ON "identity"."sign_in_attempts" ("window_started_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "identity"."sign_in_attempts"`);
  }
}

export const identityMigrations = [IdentityInit1764000000000, IdentityApiKeyLifecycle1764000000010, IdentitySignInAttempts1764000000020];
