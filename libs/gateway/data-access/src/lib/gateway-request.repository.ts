import { DataSource, EntityManager } from 'typeorm';
import type { AccessRequestRow } from '@consentry/gateway-domain';
import { exactInstant } from '@consentry/shared-database';

type Source = DataSource | EntityManager;

/** One row of gateway.requests (built by gateway-domain's `accessRecord`). */
export type GatewayRequestRow = AccessRequestRow;

export interface UsageRow {
  day: string;
  purpose: string;
  product: string;
  requests: number;
  units: number;
  amountVnd: string;
}

/** Columns of a request row, in the order of requestParams. */
export const REQUEST_COLUMNS = `id, organisation_id, api_key_id, operation, batch_id, purpose, citizen_pseudonym, consent_id,
  decision, reason_code, fields, charge_id, product, units, amount_vnd, schedule_version, audit_event_id, created_at`;

const REQUEST_TYPES = ['uuid', 'uuid', 'uuid', 'text', 'uuid', 'text', 'text', 'uuid', 'text', 'text', 'text[]', 'text', 'text', 'integer', 'bigint', 'text', 'uuid', 'timestamptz'];

/** Typed placeholders for requestParams, numbered from `$first` (typed, so they work in INSERT ... SELECT too). */
export function requestValues(first: number): string {
  return REQUEST_TYPES.map((type, i) => `$${first + i}::${type}`).join(', ');
}

/** REQUEST_COLUMNS as a list. */
export const REQUEST_COLUMN_NAMES = REQUEST_COLUMNS.split(',').map((c) => c.trim());

/** The request columns with their types, as a column definition list (`jsonb_to_recordset(...) AS x(<this>)`). */
export const REQUEST_COLUMN_DEFINITIONS = REQUEST_COLUMN_NAMES.map((c, i) => `${c} ${REQUEST_TYPES[i]}`).join(', ');

/** requestParams as a JSON object keyed by column, for REQUEST_COLUMN_DEFINITIONS. */
export function requestRecord(r: GatewayRequestRow): Record<string, unknown> {
  const params = requestParams(r);
  return Object.fromEntries(REQUEST_COLUMN_NAMES.map((c, i) => [c, params[i]]));
}

export function requestParams(r: GatewayRequestRow): unknown[] {
  return [r.id, r.organisationId, r.apiKeyId, r.operation, r.batchId, r.purpose, r.citizenPseudonym, r.consentId, r.decision, r.reasonCode,
    r.fields, r.charge?.chargeId ?? null, r.charge?.product ?? null, r.charge?.units ?? null, r.charge?.amountVnd ?? null,
    r.charge?.scheduleVersion ?? null, r.auditEventId, r.createdAt];
}

export class GatewayRequestRepository {
  constructor(private readonly source: Source) {}

  /**
   * Takes one use of a consent in the period starting `since`, if fewer than `limit` are taken:
   * one statement, so concurrent requests (any replica) cannot both take the last one. The
   * period's first use starts from the answered requests already in it.
   */
  async takeUse(consentId: string, since: Date, limit: number): Promise<boolean> {
    const rows: unknown[] = await this.source.query(
      `WITH answered AS (
         SELECT count(*)::int AS n FROM "gateway"."requests" WHERE consent_id = $1 AND decision = 'allow' AND created_at >= $2)
       INSERT INTO "gateway"."consent_uses" AS u (consent_id, period_start, uses)
       SELECT $1, $2, answered.n + 1 FROM answered WHERE answered.n < $3
       ON CONFLICT (consent_id, period_start) DO UPDATE SET uses = u.uses + 1 WHERE u.uses < $3
       RETURNING u.uses`,
      [consentId, since, limit],
    );
    return rows.length === 1;
  }

  /** Drops the uses of day and month periods that began before `before`; those of `once` consents (period 1970) stay. */
  async purgeUses(before: Date): Promise<void> {
    await this.source.query(`DELETE FROM "gateway"."consent_uses" WHERE period_start > 'epoch' AND period_start < $1`, [before]);
  }

  /** Gives back a use taken for a request that was then not answered (refused for balance, say). */
  async returnUse(consentId: string, since: Date): Promise<void> {
    await this.source.query(`UPDATE "gateway"."consent_uses" SET uses = uses - 1 WHERE consent_id = $1 AND period_start = $2 AND uses > 0`, [consentId, since]);
  }

  /** Charged usage of an organisation by local day (Asia/Ho_Chi_Minh), purpose and product. */
  async usage(organisationId: string, from: Date, to: Date): Promise<UsageRow[]> {
    const rows: { day: string; purpose: string; product: string; requests: number; units: number; amount_vnd: string }[] = await this.source.query(
      `SELECT to_char(created_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS day, purpose, product,
              count(*)::int AS requests, sum(units)::int AS units, sum(amount_vnd)::text AS amount_vnd
         FROM "gateway"."requests"
        WHERE organisation_id = $1 AND created_at >= $2 AND created_at < $3 AND charge_id IS NOT NULL
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [organisationId, from, to],
    );
    return rows.map((r) => ({ day: r.day, purpose: r.purpose, product: r.product, requests: r.requests, units: r.units, amountVnd: r.amount_vnd }));
  }

  /**
   * One page of an organisation's requests, newest first by (created_at, id): at most `limit`
   * rows after the cursor `after` (an exact created_at and an id), each with its `cursorAt` (the
   * created_at to the microsecond). No citizen column is answered, not even the pseudonym: the
   * organisation sent the ID number itself and needs no copy of it back.
   */
  async accessLogPage(
    organisationId: string,
    filter: { decision?: string; before?: string; after?: readonly string[]; limit: number },
  ): Promise<(AccessLogEntry & { cursorAt: string })[]> {
    return this.source.query(
      `SELECT id AS "requestId", operation, purpose, decision, reason_code AS "reasonCode", fields, product,
              units, amount_vnd::text AS "amountVnd", audit_event_id AS "auditEventId", created_at AS "createdAt", ${exactInstant('created_at')} AS "cursorAt"
         FROM "gateway"."requests"
        WHERE organisation_id = $1 AND ($2::text IS NULL OR decision = $2) AND ($3::timestamptz IS NULL OR created_at < $3)
          AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $6`,
      [organisationId, filter.decision ?? null, filter.before ?? null, filter.after?.[0] ?? null, filter.after?.[1] ?? null, filter.limit],
    );
  }
}

/** One entry of an organisation's access log (`GET /v1/access-log`). */
export interface AccessLogEntry {
  requestId: string;
  operation: string;
  purpose: string;
  decision: string;
  reasonCode: string;
  fields: string[];
  product: string | null;
  units: number | null;
  amountVnd: string | null;
  auditEventId: string;
  createdAt: Date;
}
