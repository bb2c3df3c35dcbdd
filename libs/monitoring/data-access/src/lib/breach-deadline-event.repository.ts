import type { Queryable } from './queryable.types';

export interface BreachDeadlineEvent {
  breachId: string;
  kind: string;
  policyVersion: string;
  at: string;
}

/** Reminders and escalations of breach deadlines: one row per (breach, kind), so each is sent once. */
export class BreachDeadlineEventRepository {
  /** True when this call recorded the event; false when it was already there (a repeated sweep). */
  async record(db: Queryable, event: BreachDeadlineEvent): Promise<boolean> {
    const rows = await db.query(
      `INSERT INTO "monitoring"."breach_deadline_events" ("breach_id", "kind", "policy_version", "at") VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING "kind"`,
      [event.breachId, event.kind, event.policyVersion, event.at],
    );
    return rows.length === 1;
  }

  async forBreaches(db: Queryable, breachIds: string[]): Promise<Map<string, BreachDeadlineEvent[]>> {
    const byBreach = new Map<string, BreachDeadlineEvent[]>(breachIds.map((id) => [id, []]));
    if (breachIds.length === 0) return byBreach;
    const rows = await db.query(`SELECT * FROM "monitoring"."breach_deadline_events" WHERE "breach_id" = ANY($1::uuid[]) ORDER BY "at", "kind"`, [breachIds]);
    for (const r of rows) {
      byBreach.get(r.breach_id)?.push({ breachId: r.breach_id, kind: r.kind, policyVersion: r.policy_version, at: new Date(r.at).toISOString() });
    }
    return byBreach;
  }
}
