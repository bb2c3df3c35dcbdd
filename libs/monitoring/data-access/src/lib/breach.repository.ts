import { breachNotificationDeadline, DEADLINE_RULES_V1, type DeadlineRules } from '@consentry/monitoring-domain';
import { cursorKey, exactInstant, isExactInstantPart, isFlagPart, isUuidPart, keysetPage, type Page } from '@consentry/shared-database';
import type { Queryable } from './queryable.types';
import { returnedRows } from './returning.util';

export interface Breach {
  id: string;
  reportedBy: string;
  organisationId: string | null;
  description: string;
  dataCategories: string[];
  measures: string | null;
  affectedCitizens: number | null;
  discoveredAt: string;
  reportedAt: string;
  notifyBy: string;
  deadlineRulesVersion: string;
  authorityNotifiedAt: string | null;
  authorityNotifiedBy: string | null;
  authorityReference: string | null;
}

export interface BreachReport {
  reportedBy: string;
  organisationId: string | null;
  description: string;
  affectedCitizens: number | null;
  discoveredAt: string;
  dataCategories?: string[];
  measures?: string | null;
}

export interface BreachListFilter {
  /** Only this organisation's breaches (an organisation never sees another's); null: only the platform operator's own. */
  organisationId?: string | null;
  /** Unnotified breaches whose deadline is before this instant (due soon / overdue lists). */
  notifyBefore?: string;
  unnotifiedOnly?: boolean;
  /** nextCursor of the previous page (check it first with isBreachListCursor). */
  cursor?: string;
  limit: number;
}

// The list's sort key: notified (0/1), notify_by, reported_at, id.
const LIST_KEY = [isFlagPart, isExactInstantPart, isExactInstantPart, isUuidPart];

/** The breach register: the authority must be notified within 72 hours of discovery. */
export class BreachRepository {
  async report(db: Queryable, input: BreachReport, at: string, rules: DeadlineRules = DEADLINE_RULES_V1): Promise<Breach> {
    const rows = await db.query(
      `INSERT INTO "monitoring"."breaches" ("reported_by", "organisation_id", "description", "affected_citizens", "discovered_at", "reported_at", "notify_by", "deadline_rules_version", "data_categories", "measures")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text[], $10) RETURNING *`,
      [
        input.reportedBy,
        input.organisationId,
        input.description,
        input.affectedCitizens,
        input.discoveredAt,
        at,
        breachNotificationDeadline(input.discoveredAt, rules),
        rules.version,
        input.dataCategories ?? [],
        input.measures ?? null,
      ],
    );
    return toBreach(rows[0]);
  }

  /** Once only: a second notification does not move the recorded instant. */
  async markAuthorityNotified(db: Queryable, id: string, at: string, by: { actor: string; reference: string | null } | null = null): Promise<boolean> {
    const rows = returnedRows(await db.query(`UPDATE "monitoring"."breaches" SET "authority_notified_at" = $2, "authority_notified_by" = $3, "authority_reference" = $4
        WHERE "id" = $1 AND "authority_notified_at" IS NULL RETURNING "id"`,
      [id, at, by?.actor ?? null, by?.reference ?? null],
    ));
    return rows.length === 1;
  }

  /** Unnotified breaches whose deadline falls before `now + withinHours` (0 = already overdue): for reminders and escalation. */
  async dueBefore(db: Queryable, now: string, withinHours = 0): Promise<Breach[]> {
    const rows = await db.query(
      `SELECT * FROM "monitoring"."breaches" WHERE "authority_notified_at" IS NULL AND "notify_by" <= $1::timestamptz + make_interval(hours => $2::int) ORDER BY "notify_by"`,
      [now, withinHours],
    );
    return rows.map(toBreach);
  }

  async get(db: Queryable, id: string): Promise<Breach | null> {
    const rows = await db.query(`SELECT * FROM "monitoring"."breaches" WHERE "id" = $1`, [id]);
    return rows.length ? toBreach(rows[0]) : null;
  }

  /**
   * Most urgent first: unnotified by deadline, then notified ones; among equal deadlines the
   * newest report first, then by id (descending), so that every row has one place and a keyset
   * cursor pages through without gaps or repeats.
   */
  async list(db: Queryable, filter: BreachListFilter): Promise<Page<Breach>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.organisationId === null) where.push(`"organisation_id" IS NULL`);
    else if (filter.organisationId !== undefined) where.push(`"organisation_id" = $${params.push(filter.organisationId)}`);
    if (filter.unnotifiedOnly || filter.notifyBefore !== undefined) where.push(`"authority_notified_at" IS NULL`);
    if (filter.notifyBefore !== undefined) where.push(`"notify_by" <= $${params.push(filter.notifyBefore)}`);
    if (filter.cursor !== undefined) {
      const after = cursorKey(filter.cursor, LIST_KEY);
      const [notified, notifyBy, reportedAt, id] = [after[0] === '1', ...after.slice(1)].map((v) => `$${params.push(v)}`);
      // ORDER BY notified, notify_by ASC then (reported_at, id) DESC: rows after the cursor's.
      where.push(`((("authority_notified_at" IS NOT NULL), "notify_by") > (${notified}::boolean, ${notifyBy}::timestamptz)
        OR ((("authority_notified_at" IS NOT NULL), "notify_by") = (${notified}::boolean, ${notifyBy}::timestamptz) AND ("reported_at", "id") < (${reportedAt}::timestamptz, ${id}::uuid)))`);
    }
    const rows: (Record<string, unknown> & { cursor_notify_by: string; cursor_reported_at: string })[] = await db.query(
      `SELECT *, ${exactInstant('"notify_by"')} AS cursor_notify_by, ${exactInstant('"reported_at"')} AS cursor_reported_at
         FROM "monitoring"."breaches" ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY ("authority_notified_at" IS NOT NULL), "notify_by", "reported_at" DESC, "id" DESC LIMIT $${params.push(filter.limit + 1)}`,
      params,
    );
    return keysetPage(rows, filter.limit, toBreach, (last) => [
      last['authority_notified_at'] === null ? '0' : '1',
      last.cursor_notify_by,
      last.cursor_reported_at,
      last['id'] as string,
    ]);
  }
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toBreach(r: any): Breach {
  return {
    id: r.id,
    reportedBy: r.reported_by,
    organisationId: r.organisation_id,
    description: r.description,
    dataCategories: r.data_categories ?? [],
    measures: r.measures ?? null,
    affectedCitizens: r.affected_citizens,
    discoveredAt: iso(r.discovered_at) as string,
    reportedAt: iso(r.reported_at) as string,
    notifyBy: iso(r.notify_by) as string,
    deadlineRulesVersion: r.deadline_rules_version,
    authorityNotifiedAt: iso(r.authority_notified_at),
    authorityNotifiedBy: r.authority_notified_by ?? null,
    authorityReference: r.authority_reference ?? null,
  };
}
