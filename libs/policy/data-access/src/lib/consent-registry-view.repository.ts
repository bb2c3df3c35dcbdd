import { DataSource, EntityManager } from 'typeorm';
import type { ConsentSnapshot, ConsentState, FrequencyPeriod } from '@consentry/policy-domain';

/** The consent registry's schema is not there (its service has never migrated this database). */
export class ConsentRegistryUnavailable extends Error {
  constructor() {
    super('The consent registry catalogue and consent view are not available in this database');
  }
}

export interface HeadRow {
  id: string;
  organisation_id: string;
  purpose_code: string;
  state: ConsentState;
  granted_fields: string[];
  operations: string[];
  frequency_limit: number | null;
  frequency_period: FrequencyPeriod | null;
  valid_from: Date;
  valid_to: Date;
}

export type ConsentInForce = ConsentSnapshot & { organisationId: string };

const HEAD_COLUMNS = `id, organisation_id, purpose_code, state, granted_fields, operations, frequency_limit, frequency_period, valid_from, valid_to`;

export function toSnapshot(r: HeadRow): ConsentInForce {
  return {
    consentId: r.id,
    organisationId: r.organisation_id,
    state: r.state,
    purposeCode: r.purpose_code,
    // What the citizen granted (possibly fewer than asked), not what was asked.
    fields: r.granted_fields as ConsentSnapshot['fields'],
    operations: r.operations as ConsentSnapshot['operations'],
    validFrom: r.valid_from.toISOString(),
    validTo: r.valid_to.toISOString(),
    frequency: r.frequency_limit === null ? null : { limit: r.frequency_limit, period: r.frequency_period! },
    // Uses so far are counted by whoever answers requests (the gateway counts its answered
    // requests per consent and period); this view alone knows of none.
    usesInPeriod: 0,
  };
}

export const HEAD_COLUMN_LIST = HEAD_COLUMNS.split(', ');

/** The rule of consentFor as a subquery (HEAD_COLUMNS), shared with RequestInputsReader. */
export function consentForRequest(citizenPseudonym: string, organisation: string, purpose: string, at: string): string {
  return `(
    SELECT ${HEAD_COLUMNS} FROM "consent"."consent_heads"
     WHERE citizen_pseudonym = ${citizenPseudonym} AND organisation_id = ${organisation} AND purpose_code = ${purpose}
     ORDER BY (state = 'ACTIVE' AND valid_from <= ${at} AND valid_to > ${at}) DESC, created_at DESC, id DESC
     LIMIT 1)`;
}

const MISSING_RELATION = new Set(['42P01', '3F000']);

export async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const e = error as { code?: string; driverError?: { code?: string } };
    if (MISSING_RELATION.has(e.code ?? e.driverError?.code ?? '')) throw new ConsentRegistryUnavailable();
    throw error;
  }
}

/**
 * Read-only access to what the consent registry publishes for other services: its purpose
 * catalogue (`consent.purposes`, the same list as its `GET /v1/purposes`) and its consent view
 * (`consent.consent_heads`, one row per consent with its current state). Never its tables.
 */
export class ConsentRegistryView {
  constructor(private readonly source: DataSource | EntityManager) {}

  /** Which of these purpose codes the catalogue has. */
  async knownPurposes(codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    return guarded(async () => {
      const rows: { code: string }[] = await this.source.query(`SELECT code FROM "consent"."purposes" WHERE code = ANY ($1::text[])`, [
        [...new Set(codes)],
      ]);
      return new Set(rows.map((r) => r.code));
    });
  }

  /**
   * The consent a decision relies on: the newest one ACTIVE and in its window at `at` for
   * (citizen, organisation, purpose). When none is, the newest consent in any state, so the
   * decision can say why it cannot be used (revoked, paused...); it denies either way.
   */
  async consentFor(citizenPseudonym: string, organisationId: string, purposeCode: string, at: Date): Promise<ConsentInForce | undefined> {
    return guarded(async () => {
      const rows: HeadRow[] = await this.source.query(
        `SELECT ${HEAD_COLUMNS} FROM ${consentForRequest('$1', '$2::uuid', '$3', '$4::timestamptz')} h`,
        [citizenPseudonym, organisationId, purposeCode, at],
      );
      return rows[0] ? toSnapshot(rows[0]) : undefined;
    });
  }

  /** The newest consent in force at `at` per (organisation, purpose) for one citizen. */
  async consentsInForce(citizenPseudonym: string, organisationIds: readonly string[], at: Date): Promise<ConsentInForce[]> {
    if (organisationIds.length === 0) return [];
    return guarded(async () => {
      const rows: HeadRow[] = await this.source.query(
        `SELECT DISTINCT ON (organisation_id, purpose_code) ${HEAD_COLUMNS} FROM "consent"."consent_heads"
          WHERE citizen_pseudonym = $1 AND organisation_id = ANY ($2::uuid[])
            AND state = 'ACTIVE' AND valid_from <= $3 AND valid_to > $3
          ORDER BY organisation_id, purpose_code, created_at DESC, id DESC`,
        [citizenPseudonym, [...new Set(organisationIds)], at],
      );
      return rows.map(toSnapshot);
    });
  }
}

export { guarded as guardConsentRegistryRead };
