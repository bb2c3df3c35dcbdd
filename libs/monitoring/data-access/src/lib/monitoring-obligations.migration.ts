import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the breach register, data-subject requests and citizens' notifications need beyond the
 * first schema: breach report details and its deadline events (each reminder recorded once by
 * its primary key), who acknowledged and answered a request, and the notifier's tables
 * (settings, cursor over the audit log, deferred entries, inbox, webhook outbox). The notifier
 * advances its cursor and writes inbox rows and outbox rows in one transaction, and each
 * (citizen, entry) pair is unique, so a re-run notifies nothing twice.
 */
export class MonitoringObligations1764000000950 implements MigrationInterface {
  name = 'MonitoringObligations1764000000950';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "monitoring"."breaches"
        ADD COLUMN "data_categories" text[] NOT NULL DEFAULT '{}',
        ADD COLUMN "measures" text,
        ADD COLUMN "authority_notified_by" text,
        ADD COLUMN "authority_reference" text`);
    await q.query(`CREATE INDEX "breaches_organisation_idx" ON "monitoring"."breaches" ("organisation_id", "reported_at" DESC)`);
    await q.query(`
      CREATE TABLE "monitoring"."breach_deadline_events" (
        "breach_id" uuid NOT NULL REFERENCES "monitoring"."breaches" ("id"),
        "kind" text NOT NULL CHECK ("kind" ~ '^(reminder-[0-9]+h|escalated)$'),
        "policy_version" text NOT NULL,
        "at" timestamptz NOT NULL,
        PRIMARY KEY ("breach_id", "kind")
      )`);
    await q.query(`
      ALTER TABLE "monitoring"."data_subject_requests"
        ADD COLUMN "acknowledged_by" text,
        ADD COLUMN "answered_by" text,
        ADD COLUMN "answer_note" text`);
    await q.query(`
      CREATE TABLE "monitoring"."notification_settings" (
        "citizen_pseudonym" text PRIMARY KEY,
        "scope" text NOT NULL CHECK ("scope" IN ('all-accesses', 'sensitive-fields-only')),
        "inbox" boolean NOT NULL,
        "webhook_url" text,
        "webhook_secret" text,
        "updated_at" timestamptz NOT NULL,
        CHECK ("inbox" OR "webhook_url" IS NOT NULL),
        CHECK (("webhook_url" IS NULL) = ("webhook_secret" IS NULL))
      )`);
    await q.query(`
      CREATE TABLE "monitoring"."notification_cursor" (
        "consumer" text PRIMARY KEY,
        "next_index" bigint NOT NULL CHECK ("next_index" >= 0)
      )`);
    await q.query(`INSERT INTO "monitoring"."notification_cursor" ("consumer", "next_index") VALUES ('citizen-notifications', 0)`);
    await q.query(`
      CREATE TABLE "monitoring"."notification_deferred" (
        "entry_index" bigint NOT NULL,
        "citizen_pseudonym" text NOT NULL,
        "disclose_at" timestamptz NOT NULL,
        PRIMARY KEY ("entry_index", "citizen_pseudonym")
      )`);
    await q.query(`CREATE INDEX "notification_deferred_due_idx" ON "monitoring"."notification_deferred" ("disclose_at")`);
    await q.query(`
      CREATE TABLE "monitoring"."notification_inbox" (
        "id" bigserial PRIMARY KEY,
        "citizen_pseudonym" text NOT NULL,
        "entry_index" bigint NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "organisation_id" text NOT NULL,
        "operation" text NOT NULL,
        "purpose" text NOT NULL,
        "decision" text NOT NULL,
        "fields" text[] NOT NULL,
        "sensitive_fields" text[] NOT NULL,
        "created_at" timestamptz NOT NULL,
        "read_at" timestamptz,
        UNIQUE ("citizen_pseudonym", "entry_index")
      )`);
    await q.query(`CREATE INDEX "notification_inbox_citizen_idx" ON "monitoring"."notification_inbox" ("citizen_pseudonym", "id" DESC)`);
    await q.query(`
      CREATE TABLE "monitoring"."notification_webhook_deliveries" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "citizen_pseudonym" text NOT NULL,
        "entry_index" bigint NOT NULL,
        "payload" jsonb NOT NULL,
        "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'delivered', 'dead')),
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "created_at" timestamptz NOT NULL,
        "delivered_at" timestamptz,
        UNIQUE ("citizen_pseudonym", "entry_index")
      )`);
    await q.query(`CREATE INDEX "notification_webhook_pending_idx" ON "monitoring"."notification_webhook_deliveries" ("created_at") WHERE "status" = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['notification_webhook_deliveries', 'notification_inbox', 'notification_deferred', 'notification_cursor', 'notification_settings', 'breach_deadline_events']) {
      await q.query(`DROP TABLE IF EXISTS "monitoring"."${table}"`);
    }
    await q.query(`ALTER TABLE "monitoring"."data_subject_requests" DROP COLUMN "acknowledged_by", DROP COLUMN "answered_by", DROP COLUMN "answer_note"`);
    await q.query(`DROP INDEX IF EXISTS "monitoring"."breaches_organisation_idx"`);
    await q.query(`ALTER TABLE "monitoring"."breaches" DROP COLUMN "data_categories", DROP COLUMN "measures", DROP COLUMN "authority_notified_by", DROP COLUMN "authority_reference"`);
  }
}
