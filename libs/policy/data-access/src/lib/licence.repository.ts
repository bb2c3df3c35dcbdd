import { DataSource, EntityManager } from 'typeorm';
import type { Licence } from '@consentry/policy-domain';
import { Page, cursorKey, exactInstant, isExactInstantPart, isUuid, keysetPage } from './keyset-cursor.util';
import { LicenceRecord, LicenceSummary, NewLicenceVersion, StoredLicenceVersion } from './licence.types';

interface VersionRow {
  licence_id: string;
  version: number;
  effective_from: Date;
  effective_to: Date | null;
  licence: Licence;
  note: string | null;
  created_by: string;
  created_by_role: string;
  created_at: Date;
}

interface LicenceRow {
  id: string;
  organisation_id: string;
  created_by: string;
  created_at: Date;
}

const VERSION_COLUMNS = `v.licence_id, v.version, v.effective_from, v.licence, v.note, v.created_by, v.created_by_role, v.created_at`;

function toVersion(r: VersionRow): StoredLicenceVersion {
  return {
    licenceId: r.licence_id,
    version: r.version,
    effectiveFrom: r.effective_from.toISOString(),
    effectiveTo: r.effective_to ? r.effective_to.toISOString() : null,
    licence: r.licence,
    note: r.note,
    createdBy: { accountId: r.created_by, role: r.created_by_role },
    createdAt: r.created_at.toISOString(),
  };
}

function toRecord(r: LicenceRow): LicenceRecord {
  return { id: r.id, organisationId: r.organisation_id, createdBy: r.created_by, createdAt: r.created_at.toISOString() };
}

/** Purpose codes and the union of fields a licence grants, kept beside the document for reverse queries. */
function grantIndex(licence: Licence): { purposes: string[]; fields: string[] } {
  const purposes = licence.grants.map((g) => g.purposeCode);
  const fields = [...new Set(licence.grants.flatMap((g) => g.fields as readonly string[]))];
  return { purposes, fields };
}

/**
 * Licences and their versions. Versions are only ever inserted; the version in force at t is
 * the highest version whose effective_from <= t (the service keeps effective dates in version
 * order, under the licence's row lock).
 */
export class LicenceRepository {
  constructor(private readonly source: DataSource | EntityManager) {}

  async insertLicence(record: { id: string; organisationId: string; createdBy: string }): Promise<void> {
    await this.source.query(`INSERT INTO "policy"."licences" (id, organisation_id, created_by) VALUES ($1, $2, $3)`, [
      record.id,
      record.organisationId,
      record.createdBy,
    ]);
  }

  /** The licence with its row locked until the transaction ends, so versions are added one at a time. */
  async lockLicence(id: string): Promise<LicenceRecord | null> {
    const rows: LicenceRow[] = await this.source.query(`SELECT * FROM "policy"."licences" WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findLicence(id: string): Promise<LicenceRecord | null> {
    const rows: LicenceRow[] = await this.source.query(`SELECT * FROM "policy"."licences" WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async appendVersion(v: NewLicenceVersion): Promise<void> {
    const { purposes, fields } = grantIndex(v.licence);
    await this.source.query(
      `INSERT INTO "policy"."licence_versions"
         (licence_id, version, effective_from, licence, legal_basis, purposes, fields, note, created_by, created_by_role)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6::text[], $7::text[], $8, $9, $10)`,
      [v.licence.id, v.licence.version, v.effectiveFrom, JSON.stringify(v.licence), v.licence.legalBasis, purposes, fields,
        v.note, v.createdBy.accountId, v.createdBy.role],
    );
  }

  /** Every version, oldest first, each with the instant the next one takes over. */
  async versions(licenceId: string): Promise<StoredLicenceVersion[]> {
    const rows: VersionRow[] = await this.source.query(
      `SELECT ${VERSION_COLUMNS}, lead(v.effective_from) OVER (ORDER BY v.version) AS effective_to
         FROM "policy"."licence_versions" v WHERE v.licence_id = $1 ORDER BY v.version`,
      [licenceId],
    );
    return rows.map(toVersion);
  }

  async latestVersion(licenceId: string): Promise<StoredLicenceVersion | null> {
    const rows: VersionRow[] = await this.source.query(
      `SELECT ${VERSION_COLUMNS}, NULL::timestamptz AS effective_to
         FROM "policy"."licence_versions" v WHERE v.licence_id = $1 ORDER BY v.version DESC LIMIT 1`,
      [licenceId],
    );
    return rows[0] ? toVersion(rows[0]) : null;
  }

  async findVersion(licenceId: string, version: number): Promise<StoredLicenceVersion | null> {
    const rows: VersionRow[] = await this.source.query(
      `SELECT ${VERSION_COLUMNS},
              (SELECT n.effective_from FROM "policy"."licence_versions" n WHERE n.licence_id = v.licence_id AND n.version = v.version + 1) AS effective_to
         FROM "policy"."licence_versions" v WHERE v.licence_id = $1 AND v.version = $2`,
      [licenceId, version],
    );
    return rows[0] ? toVersion(rows[0]) : null;
  }

  /** Licences, oldest first, optionally of one organisation, each with the version in force at `at`. */
  async list(opts: { organisationId?: string; cursor?: string; limit: number; at: Date }): Promise<Page<LicenceSummary>> {
    const args: unknown[] = [opts.at];
    const where: string[] = [];
    if (opts.organisationId) {
      args.push(opts.organisationId);
      where.push(`l.organisation_id = $${args.length}`);
    }
    const after = opts.cursor ? cursorKey(opts.cursor, [isExactInstantPart, isUuid]) : undefined;
    if (after) {
      args.push(after[0], after[1]);
      where.push(`(l.created_at, l.id) > ($${args.length - 1}::timestamptz, $${args.length}::uuid)`);
    }
    args.push(opts.limit + 1);
    const rows: (LicenceRow & { latest_version: number; current: VersionRow | null; cursor_at: string })[] = await this.source.query(
      `SELECT l.*, ${exactInstant('l.created_at')} AS cursor_at,
              (SELECT max(version) FROM "policy"."licence_versions" WHERE licence_id = l.id) AS latest_version,
              (SELECT row_to_json(c) FROM (
                 SELECT ${VERSION_COLUMNS},
                        (SELECT n.effective_from FROM "policy"."licence_versions" n WHERE n.licence_id = v.licence_id AND n.version = v.version + 1) AS effective_to
                   FROM "policy"."licence_versions" v
                  WHERE v.licence_id = l.id AND v.effective_from <= $1
                  ORDER BY v.version DESC LIMIT 1) c) AS current
         FROM "policy"."licences" l
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY l.created_at, l.id
        LIMIT $${args.length}`,
      args,
    );
    return keysetPage(
      rows,
      opts.limit,
      (r) => ({ ...toRecord(r), latestVersion: Number(r.latest_version), current: r.current ? toVersion(reviveDates(r.current)) : null }),
      (last) => [last.cursor_at, last.id],
    );
  }

  /**
   * The licence an organisation's request for `purposeCode` is decided under at `at`: among its
   * licences' versions in force, one that grants the purpose, preferring one that is active and
   * valid, then the newest licence. One indexed query.
   */
  async inForceForRequest(organisationId: string, purposeCode: string, at: Date): Promise<{ licenceId: string; version: number; licence: Licence } | null> {
    const rows: { licence_id: string; version: number; licence: Licence }[] = await this.source.query(
      `SELECT s.licence_id, s.version, s.licence FROM ${selectionFor('$1::uuid', '$2::text', '$3::timestamptz')} s`,
      [organisationId, purposeCode, at],
    );
    return rows[0] ? { licenceId: rows[0].licence_id, version: rows[0].version, licence: rows[0].licence } : null;
  }

  /** inForceForRequest for many (organisation, purpose) pairs in one query: `org|purpose` -> licence id@version. */
  async selectedForRequests(pairs: readonly { organisationId: string; purposeCode: string }[], at: Date): Promise<Map<string, string>> {
    if (pairs.length === 0) return new Map();
    const rows: { organisation_id: string; purpose_code: string; licence_id: string; version: number }[] = await this.source.query(
      `SELECT p.organisation_id, p.purpose_code, s.licence_id, s.version
         FROM unnest($1::uuid[], $2::text[]) AS p (organisation_id, purpose_code)
         CROSS JOIN LATERAL ${selectionFor('p.organisation_id', 'p.purpose_code', '$3::timestamptz')} s`,
      [pairs.map((p) => p.organisationId), pairs.map((p) => p.purposeCode), at],
    );
    return new Map(rows.map((r) => [`${r.organisation_id}|${r.purpose_code}`, `${r.licence_id}@${r.version}`]));
  }
}

/** The selection rule of inForceForRequest as a subquery, shared so the access map can never disagree with decisions. */
export function selectionFor(organisation: string, purpose: string, at: string): string {
  return `(
    SELECT v.licence_id, v.version, v.licence
      FROM "policy"."licences" l
      CROSS JOIN LATERAL (
        SELECT licence_id, version, licence, purposes FROM "policy"."licence_versions"
         WHERE licence_id = l.id AND effective_from <= ${at}
         ORDER BY version DESC LIMIT 1) v
     WHERE l.organisation_id = ${organisation}
     ORDER BY (${purpose} = ANY (v.purposes)) DESC,
              (v.licence ->> 'status' = 'active'
                AND (v.licence ->> 'validFrom')::timestamptz <= ${at}
                AND (v.licence ->> 'validTo')::timestamptz > ${at}) DESC,
              l.created_at DESC, l.id DESC
     LIMIT 1)`;
}

/** row_to_json gives timestamps as strings; the row mapper expects dates. */
function reviveDates(r: VersionRow): VersionRow {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return { ...r, effective_from: date(r.effective_from)!, effective_to: date(r.effective_to), created_at: date(r.created_at)! };
}
