import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `window_states`: a snapshot of a consumer's rule state for the open windows (JSON text) and the
 * cursor position it reflects, saved in the same transaction as that cursor. A replica that does
 * not hold the state restores it and reads the log from `position` on, instead of the whole
 * open hour.
 */
export class MonitoringWindowState1764000000970 implements MigrationInterface {
  name = 'MonitoringWindowState1764000000970';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "monitoring"."window_states" (
        "name" text PRIMARY KEY,
        "position" bigint NOT NULL CHECK ("position" >= 0),
        "state" text NOT NULL,
        "saved_at" timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "monitoring"."window_states"`);
  }
}
