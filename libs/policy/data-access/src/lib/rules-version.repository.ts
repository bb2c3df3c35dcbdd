import { DataSource, EntityManager } from 'typeorm';

export interface RulesVersion {
  version: string;
  summary: string;
  releasedAt: string;
}

/** What each rules version of the decision logic means (rows added by migration with each change of the rules). */
export class RulesVersionRepository {
  constructor(private readonly source: DataSource | EntityManager) {}

  async find(version: string): Promise<RulesVersion | null> {
    const rows: { version: string; summary: string; released_at: Date }[] = await this.source.query(
      `SELECT version, summary, released_at FROM "policy"."rules_versions" WHERE version = $1`,
      [version],
    );
    return rows[0] ? { version: rows[0].version, summary: rows[0].summary, releasedAt: rows[0].released_at.toISOString() } : null;
  }
}
