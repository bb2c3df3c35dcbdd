import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rejected event is recorded once per event id. Jobs are delivered at least once and retried
 * whenever a later step fails (the append of the job's valid events), and each delivery recorded
 * the job's invalid events again. Copies recorded before are removed, the first one kept. Events
 * without a usable id cannot be told apart and are still recorded on every delivery.
 */
export class AuditRejectedOnce1764000000760 implements MigrationInterface {
  name = 'AuditRejectedOnce1764000000760';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "audit"."rejected_events" r USING "audit"."rejected_events" f WHERE f."event_id" = r."event_id" AND f."id" < r."id"`);
    await q.query(`CREATE UNIQUE INDEX "rejected_events_event_id_key" ON "audit"."rejected_events" ("event_id") WHERE "event_id" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "audit"."rejected_events_event_id_key"`);
  }
}
