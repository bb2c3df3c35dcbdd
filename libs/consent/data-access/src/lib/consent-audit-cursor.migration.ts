import { MigrationInterface, QueryRunner } from 'typeorm';

/** How far the consent registry has sent its transitions to the audit log (one row). */
export class ConsentAuditCursor1764000000201 implements MigrationInterface {
  name = 'ConsentAuditCursor1764000000201';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "consent"."audit_cursor" (
        "id" smallint PRIMARY KEY CHECK ("id" = 1),
        "last_transition_id" bigint NOT NULL
      )`);
    await q.query(`INSERT INTO "consent"."audit_cursor" (id, last_transition_id) VALUES (1, 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "consent"."audit_cursor"`);
  }
}
