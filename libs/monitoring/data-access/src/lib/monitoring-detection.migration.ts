import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the detection consumer and the case workflow need beyond the first schema:
 * - `cursors`: how far a consumer has read the audit log (log index) or the disputes (instant);
 *   advanced in the same transaction as the alerts or cases it produced, so a crash neither
 *   loses nor doubles them.
 * - `cases.dispute_id`: a case opened from a citizen's dispute, unique, so a dispute opens one case.
 * - `audit_outbox`: audit events of case actions, written in the action's transaction and moved
 *   to the audit log after commit (and again by the consumer if that delivery was lost).
 * - `volume_baselines`: each organisation's expected entries per local weekday-hour (168 slots).
 * - the `suspend-api-key` case action.
 */
export class MonitoringDetection1764000000960 implements MigrationInterface {
  name = 'MonitoringDetection1764000000960';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "monitoring"."cursors" (
        "name" text PRIMARY KEY,
        "position" bigint,
        "at" timestamptz,
        "updated_at" timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE "monitoring"."volume_baselines" (
        "organisation_id" text PRIMARY KEY,
        "version" text NOT NULL,
        "hourly" double precision[] NOT NULL CHECK (cardinality("hourly") = 168),
        "learned_at" timestamptz NOT NULL
      )`);
    await q.query(`ALTER TABLE "monitoring"."cases" ADD COLUMN "dispute_id" uuid`);
    await q.query(`CREATE UNIQUE INDEX "cases_dispute_key" ON "monitoring"."cases" ("dispute_id") WHERE "dispute_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "cases_listing_idx" ON "monitoring"."cases" ("opened_at" DESC, "id" DESC)`);
    await q.query(`ALTER TABLE "monitoring"."case_actions" DROP CONSTRAINT "case_actions_action_check"`);
    await q.query(`
      ALTER TABLE "monitoring"."case_actions" ADD CONSTRAINT "case_actions_action_check" CHECK ("action" IN ('open', 'note', 'link-alert',
        'investigate', 'resolve', 'suspend-organisation', 'suspend-api-key', 'lift-suspension', 'require-consent-recheck', 'attach-evidence'))`);
    await q.query(`
      CREATE TABLE "monitoring"."audit_outbox" (
        "event_id" uuid PRIMARY KEY,
        "event" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "monitoring"."audit_outbox"`);
    await q.query(`ALTER TABLE "monitoring"."case_actions" DROP CONSTRAINT "case_actions_action_check"`);
    await q.query(`DROP INDEX IF EXISTS "monitoring"."cases_listing_idx"`);
    await q.query(`DROP INDEX IF EXISTS "monitoring"."cases_dispute_key"`);
    await q.query(`ALTER TABLE "monitoring"."cases" DROP COLUMN "dispute_id"`);
    await q.query(`DROP TABLE IF EXISTS "monitoring"."volume_baselines"`);
    await q.query(`DROP TABLE IF EXISTS "monitoring"."cursors"`);
  }
}
