import type { DeclarationGroup, StatementGroup } from '@consentry/metering-domain';
import { Queryable } from './queryable.types';

/** Aggregations for statements and the monthly declaration, done by the database. */
export class LedgerReportRepository {
  async statementGroups(db: Queryable, organisationId: string, from: Date, to: Date): Promise<StatementGroup[]> {
    return db.query(
      `SELECT "kind", "product", "purpose", "schedule_version" AS "scheduleVersion", "exemption",
              count(*)::int AS "requests", sum("units")::text AS "units",
              (CASE WHEN "kind" = 'top-up' THEN 0 ELSE -sum("amount_vnd") END)::text AS "feeVnd",
              sum("amount_vnd")::text AS "balanceVnd", sum("waived_vnd")::text AS "waivedVnd"
         FROM "metering"."ledger_transactions"
        WHERE "organisation_id" = $1 AND "occurred_at" >= $2 AND "occurred_at" < $3
        GROUP BY "kind", "product", "purpose", "schedule_version", "exemption"`,
      [organisationId, from, to],
    );
  }

  /** The prepaid balance at an instant: every transaction before it (each moves the balance by its amount). */
  async balanceBefore(db: Queryable, organisationId: string, before: Date): Promise<string> {
    const rows = await db.query(
      `SELECT COALESCE(sum("amount_vnd"), 0)::text AS b FROM "metering"."ledger_transactions" WHERE "organisation_id" = $1 AND "occurred_at" < $2`,
      [organisationId, before],
    );
    return rows[0].b;
  }

  /** Organisations with any ledger activity in a period, or a balance brought forward. */
  async organisationsInPeriod(db: Queryable, from: Date, to: Date): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `SELECT DISTINCT "organisation_id" AS id FROM "metering"."ledger_transactions" WHERE "occurred_at" >= $1 AND "occurred_at" < $2 ORDER BY 1`,
      [from, to],
    );
    return rows.map((r) => r.id);
  }

  async declarationGroups(db: Queryable, from: Date, to: Date): Promise<DeclarationGroup[]> {
    return db.query(
      `SELECT "schedule_version" AS "scheduleVersion", "product",
              (count(*) FILTER (WHERE "kind" = 'charge'))::int AS "requests",
              COALESCE(sum("units") FILTER (WHERE "kind" = 'charge'), 0)::text AS "units",
              (-sum("amount_vnd"))::text AS "feeVnd"
         FROM "metering"."ledger_transactions"
        WHERE "kind" IN ('charge', 'refund', 'correction') AND "occurred_at" >= $1 AND "occurred_at" < $2
        GROUP BY "schedule_version", "product"`,
      [from, to],
    );
  }

  /** Billable usage of one organisation on one Vietnam day (for the Stripe usage report). */
  async usageOfDay(db: Queryable, organisationId: string, from: Date, to: Date): Promise<{ units: string; amountVnd: string; charges: number }> {
    const rows = await db.query(
      `SELECT COALESCE(sum("units"), 0)::text AS units, COALESCE(-sum("amount_vnd"), 0)::text AS "amountVnd", count(*)::int AS charges
         FROM "metering"."ledger_transactions"
        WHERE "organisation_id" = $1 AND "kind" = 'charge' AND "occurred_at" >= $2 AND "occurred_at" < $3`,
      [organisationId, from, to],
    );
    return rows[0];
  }
}
