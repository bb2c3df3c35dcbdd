import type { MonitoringAlert } from '@consentry/monitoring-domain';
import type { Queryable } from './queryable.types';

export interface AlertFilter {
  organisationId?: string;
  citizenPseudonym?: string;
  ruleId?: string;
  severity?: string;
  /** Alerts whose window ends after this instant. */
  from?: string;
  /** Alerts whose window starts before this instant. */
  to?: string;
  beforeId?: string;
  limit?: number;
}

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

  /** Newest first (by id, which follows raising order); `beforeId` pages on. */
  async list(db: Queryable, filter: AlertFilter = {}): Promise<StoredAlert[]> {
    const rows = await db.query(
      `SELECT * FROM "monitoring"."alerts"
        WHERE ($1::text IS NULL OR "organisation_id" = $1) AND ($3::text IS NULL OR "rule_id" = $3) AND ($4::text IS NULL OR "severity" = $4)
          AND ($5::timestamptz IS NULL OR "window_end" > $5) AND ($6::timestamptz IS NULL OR "window_start" < $6)
          AND ($7::bigint IS NULL OR "id" < $7) AND ($8::text IS NULL OR "citizen_pseudonym" = $8)
        ORDER BY "id" DESC LIMIT $2`,
      [filter.organisationId ?? null, Math.min(filter.limit ?? 100, 1000), filter.ruleId ?? null, filter.severity ?? null, filter.from ?? null, filter.to ?? null, filter.beforeId ?? null, filter.citizenPseudonym ?? null],
    );
    return rows.map(toAlert);
  }

  async byIds(db: Queryable, ids: readonly string[]): Promise<StoredAlert[]> {
    if (ids.length === 0) return [];
    const rows = await db.query(`SELECT * FROM "monitoring"."alerts" WHERE "id" = ANY($1::bigint[]) ORDER BY "id"`, [ids]);
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
