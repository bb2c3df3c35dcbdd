import { Queryable } from './queryable.types';

/** Daily unit quotas: the counter lives in PostgreSQL so every replica sees the same count. */
export class QuotaRepository {
  async limitFor(db: Queryable, organisationId: string): Promise<bigint | undefined> {
    const rows = await db.query(`SELECT "daily_units"::text AS d FROM "metering"."quotas" WHERE "organisation_id" = $1`, [organisationId]);
    return rows[0] ? BigInt(rows[0].d) : undefined;
  }

  async setLimit(db: Queryable, organisationId: string, dailyUnits: bigint, by: string): Promise<void> {
    await db.query(
      `INSERT INTO "metering"."quotas" ("organisation_id", "daily_units", "updated_by") VALUES ($1, $2::bigint, $3)
       ON CONFLICT ("organisation_id") DO UPDATE SET "daily_units" = EXCLUDED."daily_units", "updated_by" = EXCLUDED."updated_by", "updated_at" = now()`,
      [organisationId, dailyUnits.toString(), by],
    );
  }

  async usedOn(db: Queryable, organisationId: string, day: string): Promise<bigint> {
    const rows = await db.query(`SELECT "units"::text AS u FROM "metering"."daily_usage" WHERE "organisation_id" = $1 AND "day" = $2::date`, [organisationId, day]);
    return BigInt(rows[0]?.u ?? '0');
  }
}
