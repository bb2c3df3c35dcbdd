import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `reason_code` and `no_match` as columns of `audit.entries`, so the log stream (the misuse
 * monitor) no longer parses every leaf's JSON to read them. Nullable and never backfilled: the
 * table is append-only (the trigger refuses UPDATE) and leaves are hashed into the tree, so rows
 * written before this migration, or by a replica still running the previous writer during a
 * rolling deploy, keep NULL and are read from their leaf. Adding a nullable column without a
 * default rewrites no row.
 */
export class AuditStreamColumns1764000000710 implements MigrationInterface {
  name = 'AuditStreamColumns1764000000710';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit"."entries" ADD COLUMN "reason_code" text, ADD COLUMN "no_match" boolean`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit"."entries" DROP COLUMN "no_match", DROP COLUMN "reason_code"`);
  }
}
