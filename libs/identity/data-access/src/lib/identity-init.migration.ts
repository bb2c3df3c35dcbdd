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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "identity"."accounts"`);
  }
}

export const identityMigrations = [IdentityInit1764000000000];
