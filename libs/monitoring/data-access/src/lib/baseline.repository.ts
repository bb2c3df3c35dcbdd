import type { VolumeBaseline } from '@consentry/monitoring-domain';
import type { Queryable } from './queryable.types';

/** Each organisation's learned volume baseline (168 local weekday-hour slots), replaced when re-learned. */
export class BaselineRepository {
  async replace(db: Queryable, baseline: VolumeBaseline, learnedAt: string): Promise<void> {
    const orgs = Object.keys(baseline.hourly);
    if (orgs.length === 0) return;
    await db.query(
      `INSERT INTO "monitoring"."volume_baselines" ("organisation_id", "version", "hourly", "learned_at")
       SELECT o, $2, string_to_array(h, ',')::double precision[], $4 FROM unnest($1::text[], $3::text[]) AS u(o, h)
       ON CONFLICT ("organisation_id") DO UPDATE SET "version" = EXCLUDED."version", "hourly" = EXCLUDED."hourly", "learned_at" = EXCLUDED."learned_at"`,
      [orgs, baseline.version, orgs.map((o) => (baseline.hourly[o] ?? []).join(',')), learnedAt],
    );
  }

  /** Every stored baseline as one; its version names the newest learning. */
  async load(db: Queryable): Promise<VolumeBaseline & { learnedAt: string | null }> {
    const rows: { organisation_id: string; version: string; hourly: number[]; learned_at: Date }[] = await db.query(
      `SELECT "organisation_id", "version", "hourly", "learned_at" FROM "monitoring"."volume_baselines"`,
    );
    let newest: { version: string; at: Date } | null = null;
    const hourly: Record<string, number[]> = {};
    for (const r of rows) {
      hourly[r.organisation_id] = r.hourly.map(Number);
      if (!newest || r.learned_at > newest.at) newest = { version: r.version, at: r.learned_at };
    }
    return { version: newest?.version ?? 'none', hourly, learnedAt: newest ? new Date(newest.at).toISOString() : null };
  }
}
