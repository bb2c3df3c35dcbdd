import type { MonitoringAlert } from '@consentry/monitoring-domain';
import type { Queryable } from './queryable.types';

export interface StoredAlert extends MonitoringAlert {
  id: string;
  raisedAt: string;
}

/** Alerts are append-only and idempotent on `alertKey`: a replayed batch raises nothing twice. */
export class AlertRepository {
  /** Stores new alerts; returns the ids of those not already stored. */
  async record(db: Queryable, alerts: readonly MonitoringAlert[], raisedAt: string): Promise<string[]> {
    const ids: string[] = [];
    for (const a of alerts) {
      const rows = await db.query(
        `INSERT INTO "monitoring"."alerts" ("alert_key", "rule_id", "rule_version", "rule_set_version", "severity", "organisation_id", "citizen_pseudonym", "purpose", "window_start", "window_end", "evidence", "entry_indexes", "summary", "raised_at")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::bigint[], $13, $14)
         ON CONFLICT ("alert_key") DO NOTHING RETURNING "id"::text AS id`,
        [a.alertKey, a.ruleId, a.ruleVersion, a.ruleSetVersion, a.severity, a.organisationId, a.citizenPseudonym, a.purpose, a.windowStart, a.windowEnd, JSON.stringify({ counts: a.counts, thresholds: a.thresholds, baseline: a.baseline }), a.entryIndexes, a.summary, raisedAt],
      );
      if (rows[0]) ids.push(rows[0].id);
    }
    return ids;
  }

  async list(db: Queryable, filter: { organisationId?: string; limit?: number } = {}): Promise<StoredAlert[]> {
    const rows = await db.query(
      `SELECT * FROM "monitoring"."alerts" WHERE ($1::text IS NULL OR "organisation_id" = $1) ORDER BY "raised_at" DESC, "id" DESC LIMIT $2`,
      [filter.organisationId ?? null, Math.min(filter.limit ?? 100, 1000)],
    );
    return rows.map(toAlert);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toAlert(r: any): StoredAlert {
  return {
    id: String(r.id),
    alertKey: r.alert_key,
    ruleId: r.rule_id,
    ruleVersion: r.rule_version,
    ruleSetVersion: r.rule_set_version,
    severity: r.severity,
    organisationId: r.organisation_id,
    citizenPseudonym: r.citizen_pseudonym,
    purpose: r.purpose,
    windowStart: new Date(r.window_start).toISOString(),
    windowEnd: new Date(r.window_end).toISOString(),
    counts: r.evidence.counts,
    thresholds: r.evidence.thresholds,
    baseline: r.evidence.baseline,
    entryIndexes: (r.entry_indexes as (string | number)[]).map(Number),
    summary: r.summary,
    raisedAt: new Date(r.raised_at).toISOString(),
  };
}
