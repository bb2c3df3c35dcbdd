import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `actor_role` and `actor_subject` on `audit.entries`: the member of staff who asked a decision
 * (POST /v1/decisions) that names an organisation which did nothing, copied from the leaf. NULL on
 * rows written before, as on every entry the organisation caused. The constraint is added NOT
 * VALID: rows written before hold NULLs, which satisfy it, so the log is not scanned under lock.
 */
export class AuditActor1764000000770 implements MigrationInterface {
  name = 'AuditActor1764000000770';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit"."entries" ADD COLUMN "actor_role" text, ADD COLUMN "actor_subject" uuid`);
    await q.query(`
      ALTER TABLE "audit"."entries" ADD CONSTRAINT "entries_actor" CHECK (
        ("actor_role" IS NULL) = ("actor_subject" IS NULL) AND ("actor_role" IS NULL OR "actor_role" IN ('operator', 'regulator'))
      ) NOT VALID`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit"."entries" DROP CONSTRAINT "entries_actor", DROP COLUMN "actor_subject", DROP COLUMN "actor_role"`);
  }
}
