import { DataSource, EntityManager } from 'typeorm';
import { Page, cursorKey, exactInstant, isExactInstantPart, isUuid, keysetPage } from './keyset-cursor.util';
import { RecordedBy } from './licence.types';

export const SUSPENSION_TARGETS = ['organisation', 'api-key'] as const;
export type SuspensionTarget = (typeof SUSPENSION_TARGETS)[number];

export interface SuspensionRecord {
  id: string;
  target: SuspensionTarget;
  organisationId: string;
  apiKeyId: string | null;
  reason: string;
  suspendedBy: RecordedBy;
  suspendedAt: string;
  lift: { reason: string | null; liftedBy: RecordedBy; liftedAt: string } | null;
}

/** A suspension in force, as the decision needs it. */
export interface SuspensionInForce {
  id: string;
  target: SuspensionTarget;
  suspendedAt: string;
}

interface Row {
  id: string;
  target: SuspensionTarget;
  organisation_id: string;
  api_key_id: string | null;
  reason: string;
  suspended_by: string;
  suspended_by_role: string;
  suspended_at: Date;
  lift_reason: string | null;
  lifted_by: string | null;
  lifted_by_role: string | null;
  lifted_at: Date | null;
}

const FROM = `FROM "policy"."suspensions" s LEFT JOIN "policy"."suspension_lifts" l ON l.suspension_id = s.id`;
const COLUMNS = `s.*, l.reason AS lift_reason, l.lifted_by, l.lifted_by_role, l.lifted_at`;

function toRecord(r: Row): SuspensionRecord {
  return {
    id: r.id,
    target: r.target,
    organisationId: r.organisation_id,
    apiKeyId: r.api_key_id,
    reason: r.reason,
    suspendedBy: { accountId: r.suspended_by, role: r.suspended_by_role },
    suspendedAt: r.suspended_at.toISOString(),
    lift: r.lifted_at
      ? { reason: r.lift_reason, liftedBy: { accountId: r.lifted_by!, role: r.lifted_by_role! }, liftedAt: r.lifted_at.toISOString() }
      : null,
  };
}

/**
 * Suspensions of an organisation or of one API key, and their lifts: both append-only. A
 * suspension is in force from its commit until a lift row exists, read from the database on
 * every decision (never cached), so every replica sees it at once and no clock is involved.
 */
/** The rule of inForce as a subquery (id, target, suspended_at), shared with RequestInputsReader. */
export function suspensionInForceFor(organisation: string, apiKey: string): string {
  return `(
    SELECT s.id, s.target, s.suspended_at FROM "policy"."suspensions" s
     WHERE ((s.target = 'organisation' AND s.organisation_id = ${organisation}) OR (s.target = 'api-key' AND s.api_key_id = ${apiKey}))
       AND NOT EXISTS (SELECT 1 FROM "policy"."suspension_lifts" l WHERE l.suspension_id = s.id)
     ORDER BY s.suspended_at, s.id LIMIT 1)`;
}

export class SuspensionRepository {
  constructor(private readonly source: DataSource | EntityManager) {}

  async insert(s: { id: string; target: SuspensionTarget; organisationId: string; apiKeyId: string | null; reason: string; by: RecordedBy }): Promise<SuspensionRecord> {
    await this.source.query(
      `INSERT INTO "policy"."suspensions" (id, target, organisation_id, api_key_id, reason, suspended_by, suspended_by_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [s.id, s.target, s.organisationId, s.apiKeyId, s.reason, s.by.accountId, s.by.role],
    );
    return (await this.find(s.id))!;
  }

  /** Records the lift; false when the suspension was lifted already (a lift is final). */
  async lift(id: string, reason: string | null, by: RecordedBy): Promise<boolean> {
    const rows = await this.source.query(
      `INSERT INTO "policy"."suspension_lifts" (suspension_id, reason, lifted_by, lifted_by_role) VALUES ($1, $2, $3, $4)
       ON CONFLICT (suspension_id) DO NOTHING RETURNING suspension_id`,
      [id, reason, by.accountId, by.role],
    );
    return rows.length === 1;
  }

  async find(id: string): Promise<SuspensionRecord | null> {
    const rows: Row[] = await this.source.query(`SELECT ${COLUMNS} ${FROM} WHERE s.id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Newest first; `active` true = not lifted, false = lifted, undefined = both. */
  async list(opts: { active?: boolean; organisationId?: string; cursor?: string; limit: number }): Promise<Page<SuspensionRecord>> {
    const args: unknown[] = [];
    const where: string[] = [];
    if (opts.active !== undefined) where.push(opts.active ? 'l.suspension_id IS NULL' : 'l.suspension_id IS NOT NULL');
    if (opts.organisationId) {
      args.push(opts.organisationId);
      where.push(`s.organisation_id = $${args.length}`);
    }
    const before = opts.cursor ? cursorKey(opts.cursor, [isExactInstantPart, isUuid]) : undefined;
    if (before) {
      args.push(before[0], before[1]);
      where.push(`(s.suspended_at, s.id) < ($${args.length - 1}::timestamptz, $${args.length}::uuid)`);
    }
    args.push(opts.limit + 1);
    const rows: (Row & { cursor_at: string })[] = await this.source.query(
      `SELECT ${COLUMNS}, ${exactInstant('s.suspended_at')} AS cursor_at ${FROM}
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY s.suspended_at DESC, s.id DESC LIMIT $${args.length}`,
      args,
    );
    return keysetPage(rows, opts.limit, toRecord, (last) => [last.cursor_at, last.id]);
  }

  /**
   * The oldest suspension in force of the organisation, or of the API key the request came
   * with. One query on two partial indexes and the lifts' primary key.
   */
  async inForce(organisationId: string, apiKeyId: string | null): Promise<SuspensionInForce | null> {
    const rows: { id: string; target: SuspensionTarget; suspended_at: Date }[] = await this.source.query(
      `SELECT x.id, x.target, x.suspended_at FROM ${suspensionInForceFor('$1::uuid', '$2::uuid')} x`,
      [organisationId, apiKeyId],
    );
    return rows[0] ? { id: rows[0].id, target: rows[0].target, suspendedAt: rows[0].suspended_at.toISOString() } : null;
  }

  /** Organisation-wide suspensions in force, by organisation, for many organisations at once. */
  async organisationsSuspended(organisationIds: string[]): Promise<Map<string, SuspensionInForce>> {
    if (organisationIds.length === 0) return new Map();
    const rows: { id: string; organisation_id: string; suspended_at: Date }[] = await this.source.query(
      `SELECT DISTINCT ON (s.organisation_id) s.id, s.organisation_id, s.suspended_at FROM "policy"."suspensions" s
        WHERE s.target = 'organisation' AND s.organisation_id = ANY ($1::uuid[])
          AND NOT EXISTS (SELECT 1 FROM "policy"."suspension_lifts" l WHERE l.suspension_id = s.id)
        ORDER BY s.organisation_id, s.suspended_at, s.id`,
      [[...new Set(organisationIds)]],
    );
    return new Map(rows.map((r) => [r.organisation_id, { id: r.id, target: 'organisation' as const, suspendedAt: r.suspended_at.toISOString() }]));
  }
}
