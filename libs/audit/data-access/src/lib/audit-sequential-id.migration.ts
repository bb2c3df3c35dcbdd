import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `sequential_id` on `audit.entries`: the gateway's mark that an organisation asked for an ID
 * number next to one it asked for shortly before, for the log stream (the misuse monitor). NULL
 * on rows written before: none of them carried the mark, so NULL reads as false.
 */
export class AuditSequentialId1764000000720 implements MigrationInterface {
  name = 'AuditSequentialId1764000000720';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit"."entries" ADD COLUMN "sequential_id" boolean`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit"."entries" DROP COLUMN "sequential_id"`);
  }
}
