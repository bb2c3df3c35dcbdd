import { breachNotificationDeadline, DEADLINE_RULES_V1, type DeadlineRules } from '@consentry/monitoring-domain';
import type { Queryable } from './queryable.types';

export interface Breach {
  id: string;
  reportedBy: string;
  organisationId: string | null;
  description: string;
  affectedCitizens: number | null;
  discoveredAt: string;
  reportedAt: string;
  notifyBy: string;
  authorityNotifiedAt: string | null;
}

/** The breach register: the authority must be notified within 72 hours of discovery. */
export class BreachRepository {
  async report(db: Queryable, input: { reportedBy: string; organisationId: string | null; description: string; affectedCitizens: number | null; discoveredAt: string }, at: string, rules: DeadlineRules = DEADLINE_RULES_V1): Promise<Breach> {
    const rows = await db.query(
      `INSERT INTO "monitoring"."breaches" ("reported_by", "organisation_id", "description", "affected_citizens", "discovered_at", "reported_at", "notify_by", "deadline_rules_version")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [input.reportedBy, input.organisationId, input.description, input.affectedCitizens, input.discoveredAt, at, breachNotificationDeadline(input.discoveredAt, rules), rules.version],
    );
    return toBreach(rows[0]);
  }

  /** Once only: a second notification does not move the recorded instant. */
  async markAuthorityNotified(db: Queryable, id: string, at: string): Promise<boolean> {
    const rows = await db.query(`UPDATE "monitoring"."breaches" SET "authority_notified_at" = $2 WHERE "id" = $1 AND "authority_notified_at" IS NULL RETURNING "id"`, [id, at]);
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
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toBreach(r: any): Breach {
  return {
    id: r.id,
    reportedBy: r.reported_by,
    organisationId: r.organisation_id,
    description: r.description,
    affectedCitizens: r.affected_citizens,
    discoveredAt: iso(r.discovered_at) as string,
    reportedAt: iso(r.reported_at) as string,
    notifyBy: iso(r.notify_by) as string,
    authorityNotifiedAt: iso(r.authority_notified_at),
  };
}
