import { Queryable } from './queryable.types';

/** An entry as stored: the leaf bytes plus the columns kept beside them. */
export interface AuditEntryRow {
  index: number;
  eventId: string;
  leaf: Buffer;
  leafHash: Buffer;
  occurredAt: Date;
  sequencedAt: Date;
  organisationId: string;
  operation: string;
  purpose: string;
  decision: string;
  fields: string[];
  feeAmountVnd: string | null;
  citizenPseudonym: string | null;
  subjectSalt: Buffer | null;
  disclosureAfter: Date | null;
}

export interface EntryFilters {
  organisationId?: string;
  purpose?: string;
  operation?: string;
  decision?: string;
  /** A field code the access touched. */
  field?: string;
  citizenPseudonym?: string;
  /** occurred_at >= from */
  from?: Date;
  /** occurred_at < to */
  to?: Date;
}

/** Position after the last row of a page, newest first. */
export interface EntryCursor {
  occurredAt: Date;
  index: number;
}

export interface EntryPage {
  rows: AuditEntryRow[];
  next: EntryCursor | null;
}

const COLUMNS = `"idx", "event_id", "leaf", "leaf_hash", "occurred_at", "sequenced_at", "organisation_id", "operation", "purpose",
  "decision", "fields", "fee_amount_vnd", "citizen_pseudonym", "subject_salt", "disclosure_after"`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toRow(r: any): AuditEntryRow {
  return {
    index: Number(r.idx),
    eventId: r.event_id,
    leaf: r.leaf,
    leafHash: r.leaf_hash,
    occurredAt: r.occurred_at,
    sequencedAt: r.sequenced_at,
    organisationId: r.organisation_id,
    operation: r.operation,
    purpose: r.purpose,
    decision: r.decision,
    fields: r.fields,
    feeAmountVnd: r.fee_amount_vnd === null ? null : String(r.fee_amount_vnd),
    citizenPseudonym: r.citizen_pseudonym,
    subjectSalt: r.subject_salt,
    disclosureAfter: r.disclosure_after,
  };
}

class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  add(sql: (p: string) => string, value: unknown): this {
    this.params.push(value);
    this.clauses.push(sql(`$${this.params.length}`));
    return this;
  }

  raw(sql: string): this {
    this.clauses.push(sql);
    return this;
  }

  toString(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

function filtered(filters: EntryFilters): Where {
  const where = new Where();
  if (filters.citizenPseudonym !== undefined) where.add((p) => `"citizen_pseudonym" = ${p}`, filters.citizenPseudonym);
  if (filters.organisationId !== undefined) where.add((p) => `"organisation_id" = ${p}`, filters.organisationId);
  if (filters.purpose !== undefined) where.add((p) => `"purpose" = ${p}`, filters.purpose);
  if (filters.operation !== undefined) where.add((p) => `"operation" = ${p}`, filters.operation);
  if (filters.decision !== undefined) where.add((p) => `"decision" = ${p}`, filters.decision);
  if (filters.field !== undefined) where.add((p) => `${p} = ANY("fields")`, filters.field);
  if (filters.from !== undefined) where.add((p) => `"occurred_at" >= ${p}`, filters.from);
  if (filters.to !== undefined) where.add((p) => `"occurred_at" < ${p}`, filters.to);
  return where;
}

/** Reads of the entries table: by index for the public API, filtered pages for the views. */
export class AuditEntryRepository {
  constructor(private readonly source: Queryable) {}

  async byIndex(index: number): Promise<AuditEntryRow | null> {
    const rows = await this.source.query(`SELECT ${COLUMNS} FROM "audit"."entries" WHERE "idx" = $1`, [index]);
    return rows.length ? toRow(rows[0]) : null;
  }

  /** Entries [start, end) in log order (downloads, the verifier). */
  async range(start: number, end: number): Promise<AuditEntryRow[]> {
    const rows = await this.source.query(`SELECT ${COLUMNS} FROM "audit"."entries" WHERE "idx" >= $1 AND "idx" < $2 ORDER BY "idx"`, [start, end]);
    return rows.map(toRow);
  }

  /**
   * A page, newest first (occurred_at, then log index), after `cursor`. `visibleAt` hides
   * entries whose disclosure date has not come (the citizen's view).
   */
  async page(filters: EntryFilters, options: { limit: number; cursor?: EntryCursor; visibleAt?: Date }): Promise<EntryPage> {
    const where = filtered(filters);
    if (options.visibleAt) where.add((p) => `("disclosure_after" IS NULL OR "disclosure_after" <= ${p})`, options.visibleAt);
    if (options.cursor) {
      const at = where.params.push(options.cursor.occurredAt);
      const index = where.params.push(options.cursor.index);
      where.raw(`("occurred_at", "idx") < ($${at}, $${index}::bigint)`);
    }
    const limit = where.params.push(options.limit + 1);
    const rows = (
      await this.source.query(`SELECT ${COLUMNS} FROM "audit"."entries" ${where} ORDER BY "occurred_at" DESC, "idx" DESC LIMIT $${limit}`, where.params)
    ).map(toRow);
    const more = rows.length > options.limit;
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return { rows: page, next: more && last ? { occurredAt: last.occurredAt, index: last.index } : null };
  }

  /**
   * Accesses, decisions and fees per organisation and purpose in calendar buckets of Vietnam
   * time (UTC+7, no daylight saving, so a fixed offset is exact).
   */
  async statistics(filters: EntryFilters, bucket: 'day' | 'week' | 'month'): Promise<UsageBucket[]> {
    const where = filtered(filters);
    const b = where.params.push(bucket);
    const rows = await this.source.query(
      `SELECT to_char(date_trunc($${b}::text, "occurred_at" AT TIME ZONE 'UTC' + interval '7 hours'), 'YYYY-MM-DD') AS "bucket",
              "organisation_id", "purpose", count(*)::bigint AS "total",
              count(*) FILTER (WHERE "decision" = 'allow')::bigint AS "allowed",
              count(*) FILTER (WHERE "decision" = 'deny')::bigint AS "denied",
              coalesce(sum("fee_amount_vnd"), 0)::bigint AS "fees"
         FROM "audit"."entries" ${where}
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      where.params,
    );
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return rows.map((r: any) => ({
      bucket: r.bucket,
      organisationId: r.organisation_id,
      purpose: r.purpose,
      total: Number(r.total),
      allowed: Number(r.allowed),
      denied: Number(r.denied),
      feesVnd: String(r.fees),
    }));
  }
}

export interface UsageBucket {
  /** First day of the bucket, YYYY-MM-DD in Vietnam time. */
  bucket: string;
  organisationId: string;
  purpose: string;
  total: number;
  allowed: number;
  denied: number;
  /** Sum of fees charged, whole VND, as a string (bigint). */
  feesVnd: string;
}
