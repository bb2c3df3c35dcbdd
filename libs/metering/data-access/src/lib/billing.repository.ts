import { Queryable } from './queryable.types';

export interface TopUpRow {
  id: string;
  organisationId: string;
  amountVnd: string;
  providerRef: string | null;
  status: 'open' | 'paid' | 'failed' | 'expired';
  createdAt: Date;
  settledAt: Date | null;
}

// Vietnam keeps UTC+7 all year; an offset needs no time-zone data (PGlite may lack it).
const VIETNAM_DAY = `((t."occurred_at" AT TIME ZONE 'UTC') + interval '7 hours')::date`;

const TOP_UP = `"id", "organisation_id" AS "organisationId", "amount_vnd"::text AS "amountVnd", "provider_ref" AS "providerRef", "status",
  "created_at" AS "createdAt", "settled_at" AS "settledAt"`;

/** Payment-provider state: customers, top-up checkouts, webhook events, usage reports, invoices. */
export class BillingRepository {
  async customerOf(db: Queryable, organisationId: string): Promise<string | undefined> {
    const rows = await db.query(`SELECT "stripe_customer_id" AS c FROM "metering"."billing_customers" WHERE "organisation_id" = $1`, [organisationId]);
    return rows[0]?.c;
  }

  async organisationOfCustomer(db: Queryable, customerId: string): Promise<string | undefined> {
    const rows = await db.query(`SELECT "organisation_id" AS o FROM "metering"."billing_customers" WHERE "stripe_customer_id" = $1`, [customerId]);
    return rows[0]?.o;
  }

  async saveCustomer(db: Queryable, organisationId: string, customerId: string): Promise<void> {
    await db.query(
      `INSERT INTO "metering"."billing_customers" ("organisation_id", "stripe_customer_id") VALUES ($1, $2) ON CONFLICT ("organisation_id") DO NOTHING`,
      [organisationId, customerId],
    );
  }

  async createTopUp(db: Queryable, t: { id: string; organisationId: string; amountVnd: bigint }): Promise<void> {
    await db.query(`INSERT INTO "metering"."top_ups" ("id", "organisation_id", "amount_vnd", "status") VALUES ($1, $2, $3::bigint, 'open')`, [
      t.id, t.organisationId, t.amountVnd.toString(),
    ]);
  }

  async attachProviderRef(db: Queryable, id: string, ref: string): Promise<void> {
    await db.query(`UPDATE "metering"."top_ups" SET "provider_ref" = $2 WHERE "id" = $1`, [id, ref]);
  }

  async findTopUp(db: Queryable, id: string): Promise<TopUpRow | undefined> {
    const rows = await db.query(`SELECT ${TOP_UP} FROM "metering"."top_ups" WHERE "id" = $1`, [id]);
    return rows[0];
  }

  /** Moves an open top-up to its final state; false if it was already settled. */
  /**
   * Settles a top-up still open. A payment also settles one already closed as failed or expired:
   * Stripe does not promise event order, and money received is the stronger fact.
   */
  async settleTopUp(db: Queryable, id: string, status: 'paid' | 'failed' | 'expired', at: Date): Promise<boolean> {
    const rows = await db.query(
      `UPDATE "metering"."top_ups" SET "status" = $2, "settled_at" = $3
        WHERE "id" = $1 AND ("status" = 'open' OR ($2 = 'paid' AND "status" IN ('failed', 'expired'))) RETURNING "id"`,
      [id, status, at],
    );
    // TypeORM answers an UPDATE with [rows, affectedCount].
    return rows[1] === 1;
  }

  /** Records a webhook event once; false if it was already received. */
  async recordEvent(db: Queryable, e: { id: string; type: string; payload: unknown }): Promise<boolean> {
    const rows = await db.query(
      `INSERT INTO "metering"."stripe_events" ("id", "type", "payload") VALUES ($1, $2, $3::jsonb) ON CONFLICT ("id") DO NOTHING RETURNING "id"`,
      [e.id, e.type, JSON.stringify(e.payload)],
    );
    return rows.length === 1;
  }

  /** Locks an event for handling; undefined when unknown or already processed. */
  async claimEvent(db: Queryable, id: string): Promise<{ id: string; type: string; payload: unknown } | undefined> {
    const rows = await db.query(
      `SELECT "id", "type", "payload" FROM "metering"."stripe_events" WHERE "id" = $1 AND "processed_at" IS NULL FOR UPDATE`,
      [id],
    );
    return rows[0];
  }

  async markEventProcessed(db: Queryable, id: string, outcome: string, at: Date): Promise<void> {
    await db.query(`UPDATE "metering"."stripe_events" SET "processed_at" = $2, "outcome" = $3 WHERE "id" = $1`, [id, at, outcome]);
  }

  async upsertInvoice(db: Queryable, i: { id: string; customerId: string | null; status: string; amountDue: number; amountPaid: number }): Promise<void> {
    await db.query(
      `INSERT INTO "metering"."stripe_invoices" ("id", "stripe_customer_id", "status", "amount_due_vnd", "amount_paid_vnd") VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("id") DO UPDATE SET "status" = EXCLUDED."status", "amount_due_vnd" = EXCLUDED."amount_due_vnd",
         "amount_paid_vnd" = EXCLUDED."amount_paid_vnd", "updated_at" = now()`,
      [i.id, i.customerId, i.status, i.amountDue, i.amountPaid],
    );
  }

  async invoice(db: Queryable, id: string): Promise<{ status: string; amountPaidVnd: string } | undefined> {
    const rows = await db.query(`SELECT "status", "amount_paid_vnd"::text AS "amountPaidVnd" FROM "metering"."stripe_invoices" WHERE "id" = $1`, [id]);
    return rows[0];
  }

  async usageReported(db: Queryable, identifier: string): Promise<boolean> {
    const rows = await db.query(`SELECT 1 FROM "metering"."usage_reports" WHERE "identifier" = $1`, [identifier]);
    return rows.length === 1;
  }

  async saveUsageReport(db: Queryable, r: { identifier: string; organisationId: string; day: string; units: string; amountVnd: string }): Promise<void> {
    await db.query(
      `INSERT INTO "metering"."usage_reports" ("identifier", "organisation_id", "day", "units", "amount_vnd") VALUES ($1, $2, $3::date, $4::bigint, $5::bigint)
       ON CONFLICT DO NOTHING`,
      [r.identifier, r.organisationId, r.day, r.units, r.amountVnd],
    );
  }

  /** Organisations with a Stripe customer and charges on a day not yet reported. */
  async unreportedDays(db: Queryable, from: Date, to: Date): Promise<{ organisationId: string; day: string }[]> {
    return db.query(
      `SELECT DISTINCT t."organisation_id" AS "organisationId", to_char(${VIETNAM_DAY}, 'YYYY-MM-DD') AS "day"
         FROM "metering"."ledger_transactions" t
         JOIN "metering"."billing_customers" c ON c."organisation_id" = t."organisation_id"
        WHERE t."kind" = 'charge' AND t."occurred_at" >= $1 AND t."occurred_at" < $2
          AND NOT EXISTS (SELECT 1 FROM "metering"."usage_reports" r WHERE r."organisation_id" = t."organisation_id"
                           AND r."day" = ${VIETNAM_DAY})`,
      [from, to],
    );
  }
}
