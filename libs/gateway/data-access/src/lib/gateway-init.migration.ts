import { MigrationInterface, QueryRunner } from 'typeorm';

export class GatewayInit1764000000100 implements MigrationInterface {
  name = 'GatewayInit1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "gateway"."organisations" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN ('enterprise', 'state-agency', 'specialised-database-agency', 'political-organisation')),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "organisations_name_key" ON "gateway"."organisations" ("name")`);
    await q.query(`
      CREATE TABLE "gateway"."api_keys" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL REFERENCES "gateway"."organisations" ("id"),
        "prefix" text NOT NULL,
        "key_hash" text NOT NULL,
        "scopes" text[] NOT NULL CHECK ("scopes" <@ ARRAY['verify', 'lookup', 'batch']::text[]),
        "label" text NOT NULL,
        "revoked_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "gateway"."api_keys" ("key_hash")`);
    await q.query(`CREATE INDEX "api_keys_organisation_idx" ON "gateway"."api_keys" ("organisation_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway"."api_keys"`);
    await q.query(`DROP TABLE "gateway"."organisations"`);
  }
}

export const gatewayMigrations = [GatewayInit1764000000100];
