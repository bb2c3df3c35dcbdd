import { MigrationInterface, QueryRunner } from 'typeorm';

export const GATEWAY_SCHEMA = 'gateway';

/**
 * The gateway's record of answered and refused requests, the audit outbox written in the same
 * transaction as each answer, idempotency keys, and the counters behind rate limits and the
 * enumeration guard.
 */
export class GatewayInit1764000000300 implements MigrationInterface {
  name = 'GatewayInit1764000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "gateway"."requests" (
        "id" uuid PRIMARY KEY,
        "organisation_id" uuid NOT NULL,
        "api_key_id" uuid NOT NULL,
        "operation" text NOT NULL CHECK ("operation" IN ('verify', 'lookup')),
        "batch_id" uuid,
        "purpose" text NOT NULL,
        "citizen_pseudonym" text,
        "consent_id" uuid,
        "decision" text NOT NULL CHECK ("decision" IN ('allow', 'deny', 'rejected')),
        "reason_code" text NOT NULL,
        "fields" text[] NOT NULL,
        "charge_id" text,
        "product" text,
        "units" integer,
        "amount_vnd" bigint,
        "schedule_version" text,
        "audit_event_id" uuid NOT NULL UNIQUE,
        "created_at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX "requests_organisation_idx" ON "gateway"."requests" ("organisation_id", "created_at")`);
    await q.query(`CREATE INDEX "requests_consent_idx" ON "gateway"."requests" ("consent_id", "created_at") WHERE "consent_id" IS NOT NULL AND "decision" = 'allow'`);
    await q.query(`
      CREATE TABLE "gateway"."audit_outbox" (
        "event_id" uuid PRIMARY KEY,
        "payload" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "claimed_until" timestamptz,
        "delivered_at" timestamptz
      )`);
    await q.query(`CREATE INDEX "audit_outbox_pending_idx" ON "gateway"."audit_outbox" ("created_at") WHERE "delivered_at" IS NULL`);
    await q.query(`
      CREATE TABLE "gateway"."idempotency_keys" (
        "organisation_id" uuid NOT NULL,
        "key" text NOT NULL,
        "fingerprint" text NOT NULL,
        "status_code" integer NOT NULL,
        "response" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("organisation_id", "key")
      )`);
    await q.query(`
      CREATE TABLE "gateway"."rate_windows" (
        "bucket" text NOT NULL,
        "window_start" timestamptz NOT NULL,
        "count" integer NOT NULL,
        PRIMARY KEY ("bucket", "window_start")
      )`);
    await q.query(`
      CREATE TABLE "gateway"."unconsented_touches" (
        "organisation_id" uuid NOT NULL,
        "day" date NOT NULL,
        "citizen_pseudonym" text NOT NULL,
        PRIMARY KEY ("organisation_id", "day", "citizen_pseudonym")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['unconsented_touches', 'rate_windows', 'idempotency_keys', 'audit_outbox', 'requests']) {
      await q.query(`DROP TABLE "gateway"."${t}"`);
    }
  }
}

/**
 * The audit outbox's pages keep 40 % free, so that the relay's claim (which sets only
 * `claimed_until`, in no index or index predicate) can be a HOT update: a new row version on the
 * same page, with no new index entries. With full pages nearly every claim moved the row to
 * another page and added an entry to both indexes. The mark that follows (`delivered_at`, in the
 * pending index's predicate) cannot be HOT either way. Gateway bench, 24 Nov, ninth session,
 * about 75,000 events: 42 % of the updates HOT instead of 1 %, about 1.6 KB of heap per event
 * instead of 2.1 KB. Applies to pages written from now on. The ALTER takes only a SHARE UPDATE
 * EXCLUSIVE lock, so gateways still running the previous version keep writing meanwhile.
 */
export class GatewayOutboxFillfactor1764000000980 implements MigrationInterface {
  name = 'GatewayOutboxFillfactor1764000000980';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gateway"."audit_outbox" SET (fillfactor = 60)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gateway"."audit_outbox" RESET (fillfactor)`);
  }
}

/**
 * Uses taken of consents with a frequency limit, per period (GatewayRequestRepository.takeUse):
 * counted from answered requests, two concurrent requests could both see the last use free.
 */
export class GatewayConsentUses1764000000990 implements MigrationInterface {
  name = 'GatewayConsentUses1764000000990';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "gateway"."consent_uses" (
        "consent_id" uuid NOT NULL,
        "period_start" timestamptz NOT NULL,
        "uses" integer NOT NULL CHECK ("uses" >= 0),
        PRIMARY KEY ("consent_id", "period_start")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway"."consent_uses"`);
  }
}

/**
 * The relay's housekeeping purges, every 240th relay pass (48 s at the default
 * AUDIT_RELAY_INTERVAL_MS of 200 ms), delivered audit events older than a week and
 * idempotency keys older than a day. Neither time had an index, so each purge read its whole
 * table. On a 1,000,000-row outbox (1 GB) on this machine: 960 ms and every page read, against
 * 0.2 ms through the index for a minute's events.
 * - `delivered_at` is indexed for delivered rows only, so a request's insert does not touch it;
 *   the relay's mark adds one entry (marks of one pass share a timestamp, which B-tree
 *   deduplication stores once per page).
 * - `idempotency_keys.created_at`: one entry per request sent with an Idempotency-Key, at the
 *   index's right edge.
 * Built CONCURRENTLY, outside a transaction: a plain build holds off every insert into the outbox,
 * so gateways still running during a rolling deploy would wait for the whole build (0.4 s for
 * 1,000,000 events here). An index left invalid by a build cut short is dropped and built again.
 */
export class GatewayPurgeIndexes1764000000995 implements MigrationInterface {
  name = 'GatewayPurgeIndexes1764000000995';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    for (const [index, definition] of [
      ['audit_outbox_delivered_idx', `"gateway"."audit_outbox" ("delivered_at") WHERE "delivered_at" IS NOT NULL`],
      ['idempotency_keys_created_idx', `"gateway"."idempotency_keys" ("created_at")`],
    ]) {
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "gateway"."${index}"`);
      await q.query(`CREATE INDEX CONCURRENTLY "${index}" ON ${definition}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "gateway"."idempotency_keys_created_idx"`);
    await q.query(`DROP INDEX "gateway"."audit_outbox_delivered_idx"`);
  }
}

/**
 * The relay's housekeeping also purges the enumeration guard's touches of days before yesterday
 * (the guard counts only today's). The primary key leads with `organisation_id`, so `day < $1`
 * could not use it: every purge read the whole table. Measured on this machine (PostgreSQL 15),
 * 1,200,000 touches (three days of 1,000 organisations x 400 citizens; heap 134 MB, primary key
 * 177 MB): a purge pass that finds nothing read all 17,000 pages in 114 ms, against 3 buffers and
 * 0.02 ms through this index.
 * Cost: 8 MB for those 1,200,000 rows (one day's entries share a key, which B-tree deduplication
 * stores once per page), and one more index entry per new touch, always at the index's right edge
 * (today's key): about 2-3 µs more per touch (100,000 inserted in one statement: 1.24-1.30 s
 * against 0.95-1.07 s without the index).
 * Touches are written only for denials without consent, once per citizen, organisation and day.
 * Touches were never purged before: the first purge after this ships removes every earlier day's,
 * 10,000 rows per statement, within one relay pass.
 * Built CONCURRENTLY outside a transaction, as GatewayPurgeIndexes1764000000995, for the same
 * reason: a plain build holds off the gateways' inserts for the whole build.
 */
export class GatewayTouchesDayIndex1764000000996 implements MigrationInterface {
  name = 'GatewayTouchesDayIndex1764000000996';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "gateway"."unconsented_touches_day_idx"`);
    await q.query(`CREATE INDEX CONCURRENTLY "unconsented_touches_day_idx" ON "gateway"."unconsented_touches" ("day")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "gateway"."unconsented_touches_day_idx"`);
  }
}

export const gatewayMigrations = [
  GatewayInit1764000000300,
  GatewayOutboxFillfactor1764000000980,
  GatewayConsentUses1764000000990,
  GatewayPurgeIndexes1764000000995,
  GatewayTouchesDayIndex1764000000996,
];
