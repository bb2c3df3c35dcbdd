import { MigrationInterface, QueryRunner } from 'typeorm';
import { MonitoringDetection1764000000960 } from './monitoring-detection.migration';
import { MonitoringWindowState1764000000970 } from './monitoring-window-state.migration';
import { MonitoringObligations1764000000950 } from './monitoring-obligations.migration';

/**
 * The monitoring schema. Plain schema-qualified SQL that runs on PostgreSQL 15+ and on PGlite.
 *
 * Alerts and every case action are append-only (triggers refuse UPDATE, DELETE and TRUNCATE):
 * a regulator's decision must be reconstructible later. A case's current state is a mutable row
 * for cheap listing, but a trigger only lets it move open -> investigating -> resolved (or open ->
 * resolved), never back, and the repository writes the matching action in the same transaction.
 * Deadlines are computed by monitoring-domain (working days, holidays as data) and stored.
 */
export class MonitoringInit1764000000900 implements MigrationInterface {
  name = 'MonitoringInit1764000000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION "monitoring"."refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'monitoring records are append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TABLE "monitoring"."alerts" (
        "id" bigserial PRIMARY KEY,
        "alert_key" text NOT NULL UNIQUE,
        "rule_id" text NOT NULL,
        "rule_version" integer NOT NULL,
        "rule_set_version" text NOT NULL,
        "severity" text NOT NULL CHECK ("severity" IN ('low', 'medium', 'high', 'critical')),
        "organisation_id" text,
        "citizen_pseudonym" text,
        "purpose" text,
        "window_start" timestamptz NOT NULL,
        "window_end" timestamptz NOT NULL,
        "evidence" jsonb NOT NULL,
        "entry_indexes" bigint[] NOT NULL,
        "summary" text NOT NULL,
        "raised_at" timestamptz NOT NULL,
        CHECK ("window_end" > "window_start")
      )`);
    await q.query(`CREATE INDEX "alerts_organisation_idx" ON "monitoring"."alerts" ("organisation_id", "raised_at" DESC)`);
    await q.query(`CREATE INDEX "alerts_raised_idx" ON "monitoring"."alerts" ("raised_at" DESC)`);
    await q.query(`
      CREATE TABLE "monitoring"."cases" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "source" text NOT NULL CHECK ("source" IN ('alert', 'dispute', 'regulator')),
        "organisation_id" text,
        "title" text NOT NULL,
        "state" text NOT NULL DEFAULT 'open' CHECK ("state" IN ('open', 'investigating', 'resolved')),
        "outcome" text CHECK ("outcome" IN ('no-breach', 'warning', 'suspension', 'fine', 'referred')),
        "opened_by" text NOT NULL,
        "opened_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "cases_outcome_when_resolved" CHECK (("state" = 'resolved') = ("outcome" IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX "cases_state_idx" ON "monitoring"."cases" ("state", "opened_at")`);
    await q.query(`
      CREATE FUNCTION "monitoring"."case_transition"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD."state" = NEW."state" THEN RETURN NEW; END IF;
        IF (OLD."state" = 'open' AND NEW."state" IN ('investigating', 'resolved'))
           OR (OLD."state" = 'investigating' AND NEW."state" = 'resolved') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'case % cannot move from % to %', OLD."id", OLD."state", NEW."state" USING ERRCODE = 'check_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER "cases_transition" BEFORE UPDATE ON "monitoring"."cases"
      FOR EACH ROW EXECUTE FUNCTION "monitoring"."case_transition"()`);
    await q.query(`CREATE TRIGGER "cases_no_delete" BEFORE DELETE ON "monitoring"."cases" FOR EACH ROW EXECUTE FUNCTION "monitoring"."refuse_change"()`);
    await q.query(`
      CREATE TABLE "monitoring"."case_alerts" (
        "case_id" uuid NOT NULL REFERENCES "monitoring"."cases" ("id"),
        "alert_id" bigint NOT NULL REFERENCES "monitoring"."alerts" ("id"),
        PRIMARY KEY ("case_id", "alert_id")
      )`);
    await q.query(`
      CREATE TABLE "monitoring"."case_actions" (
        "id" bigserial PRIMARY KEY,
        "case_id" uuid NOT NULL REFERENCES "monitoring"."cases" ("id"),
        "action" text NOT NULL CHECK ("action" IN ('open', 'note', 'link-alert', 'investigate', 'resolve', 'suspend-organisation', 'lift-suspension', 'require-consent-recheck', 'attach-evidence')),
        "actor" text NOT NULL,
        "detail" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX "case_actions_case_idx" ON "monitoring"."case_actions" ("case_id", "id")`);
    await q.query(`
      CREATE TABLE "monitoring"."breaches" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "reported_by" text NOT NULL,
        "organisation_id" text,
        "description" text NOT NULL,
        "affected_citizens" integer CHECK ("affected_citizens" >= 0),
        "discovered_at" timestamptz NOT NULL,
        "reported_at" timestamptz NOT NULL,
        "notify_by" timestamptz NOT NULL,
        "deadline_rules_version" text NOT NULL,
        "authority_notified_at" timestamptz,
        CHECK ("notify_by" > "discovered_at")
      )`);
    await q.query(`CREATE INDEX "breaches_open_idx" ON "monitoring"."breaches" ("notify_by") WHERE "authority_notified_at" IS NULL`);
    await q.query(`
      CREATE TABLE "monitoring"."data_subject_requests" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "citizen_pseudonym" text NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN ('access', 'correction', 'copy', 'erasure', 'restriction', 'objection', 'withdrawal')),
        "details" text,
        "filed_at" timestamptz NOT NULL,
        "acknowledge_by" timestamptz NOT NULL,
        "answer_by" timestamptz NOT NULL,
        "deadline_rules_version" text NOT NULL,
        "acknowledged_at" timestamptz,
        "answered_at" timestamptz,
        "outcome" text CHECK ("outcome" IN ('granted', 'partly-granted', 'refused')),
        CHECK ("answer_by" >= "acknowledge_by"),
        CHECK (("answered_at" IS NULL) = ("outcome" IS NULL))
      )`);
    await q.query(`CREATE INDEX "dsr_citizen_idx" ON "monitoring"."data_subject_requests" ("citizen_pseudonym", "filed_at" DESC)`);
    await q.query(`CREATE INDEX "dsr_open_idx" ON "monitoring"."data_subject_requests" ("answer_by") WHERE "answered_at" IS NULL`);
    for (const table of ['alerts', 'case_actions', 'case_alerts']) {
      await q.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "monitoring"."${table}" FOR EACH ROW EXECUTE FUNCTION "monitoring"."refuse_change"()`);
      await q.query(`CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "monitoring"."${table}" FOR EACH STATEMENT EXECUTE FUNCTION "monitoring"."refuse_change"()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['data_subject_requests', 'breaches', 'case_actions', 'case_alerts', 'cases', 'alerts']) {
      await q.query(`DROP TABLE IF EXISTS "monitoring"."${table}"`);
    }
    await q.query(`DROP FUNCTION IF EXISTS "monitoring"."case_transition"()`);
    await q.query(`DROP FUNCTION IF EXISTS "monitoring"."refuse_change"()`);
  }
}

export const MONITORING_MIGRATIONS = [MonitoringInit1764000000900, MonitoringObligations1764000000950, MonitoringDetection1764000000960, MonitoringWindowState1764000000970];
