import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each transition records the transaction that wrote it, so the audit relay and the consent-events
 * feed can follow transitions in an order that no later commit changes (ConsentRepository
 * .transitionsAfter). A transition's id is taken before its transaction commits, so ids alone
 * can commit out of order: a reader past id 11 would never see an id 10 committed after it.
 *
 * Rows written before this migration read as transaction 0: they all precede every later one,
 * in id order, as they were read before. Adding the column with a constant default and then
 * setting the per-row default rewrites no rows.
 */
export class ConsentCommitOrder1764000000202 implements MigrationInterface {
  name = 'ConsentCommitOrder1764000000202';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "consent"."transitions" ADD COLUMN "tx" xid8 NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "consent"."transitions" ALTER COLUMN "tx" SET DEFAULT pg_current_xact_id()`);
    await q.query(`CREATE INDEX "transitions_commit_order_idx" ON "consent"."transitions" ("tx", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "consent"."transitions_commit_order_idx"`);
    await q.query(`ALTER TABLE "consent"."transitions" DROP COLUMN "tx"`);
  }
}
