import { FeeSchedule } from '@consentry/metering-domain';
import { Queryable } from './queryable.types';

interface ScheduleRow {
  version: string;
  effective_from: string;
  effective_to: string | null;
  definition: Omit<FeeSchedule, 'version' | 'effectiveFrom' | 'effectiveTo' | 'legalReference'>;
  legal_reference: string;
  published_by: string;
  published_at: Date;
}

export interface PublishedSchedule {
  schedule: FeeSchedule;
  publishedBy: string;
  publishedAt: Date;
}

const COLUMNS = `"version", to_char("effective_from", 'YYYY-MM-DD') AS effective_from,
  to_char("effective_to", 'YYYY-MM-DD') AS effective_to, "definition", "legal_reference", "published_by", "published_at"`;

function toPublished(r: ScheduleRow): PublishedSchedule {
  return {
    schedule: { ...r.definition, version: r.version, effectiveFrom: r.effective_from, effectiveTo: r.effective_to, legalReference: r.legal_reference },
    publishedBy: r.published_by,
    publishedAt: new Date(r.published_at),
  };
}

/** Fee schedule versions, in publication order (later versions win ties on the first day). */
export class FeeScheduleRepository {
  async list(db: Queryable): Promise<PublishedSchedule[]> {
    const rows: ScheduleRow[] = await db.query(`SELECT ${COLUMNS} FROM "metering"."fee_schedules" ORDER BY "sequence"`);
    return rows.map(toPublished);
  }

  async find(db: Queryable, version: string): Promise<PublishedSchedule | undefined> {
    const rows: ScheduleRow[] = await db.query(`SELECT ${COLUMNS} FROM "metering"."fee_schedules" WHERE "version" = $1`, [version]);
    return rows[0] && toPublished(rows[0]);
  }

  /** Inserts a new version; false when the version name is taken. */
  async insert(db: Queryable, s: FeeSchedule, publishedBy: string): Promise<boolean> {
    const { version, effectiveFrom, effectiveTo, legalReference, ...definition } = s;
    const rows = await db.query(
      `INSERT INTO "metering"."fee_schedules" ("version", "effective_from", "effective_to", "definition", "legal_reference", "published_by")
       VALUES ($1, $2, $3, $4::jsonb, $5, $6) ON CONFLICT ("version") DO NOTHING RETURNING "version"`,
      [version, effectiveFrom, effectiveTo, JSON.stringify(definition), legalReference, publishedBy],
    );
    return rows.length === 1;
  }
}
