import { DataSource, EntityManager } from 'typeorm';
import type { Licence } from '@consentry/policy-domain';
import { guardConsentRegistryRead } from './consent-registry-view.repository';

/** Sort key of the access map: (organisation, licence, purpose). */
export type AccessKey = [organisationId: string, licenceId: string, purposeCode: string];

export interface AccessCandidate {
  organisationId: string;
  licenceId: string;
  version: number;
  licence: Licence;
  purposeCode: string;
}

/**
 * Every (organisation, licence version in force, purpose) that could release `field` of one
 * citizen: licences whose grant for the purpose names the field and that either rest on a legal
 * duty (basic fields only) or meet a consent of this citizen in force naming the field. A
 * superset of who may access; the caller runs each candidate through the decision rules.
 */
export class AccessCandidateRepository {
  constructor(private readonly source: DataSource | EntityManager) {}

  async page(q: { citizenPseudonym: string; field: string; sensitive: boolean; at: Date; after?: AccessKey; limit: number }): Promise<AccessCandidate[]> {
    const args: unknown[] = [q.at, q.field, q.sensitive, q.citizenPseudonym];
    let keyset = '';
    if (q.after) {
      args.push(...q.after);
      keyset = `AND (l.organisation_id, cur.licence_id, g.purpose_code) > ($5::uuid, $6::uuid, $7::text)`;
    }
    args.push(q.limit);
    return guardConsentRegistryRead(async () => {
      const rows: { organisation_id: string; licence_id: string; version: number; licence: Licence; purpose_code: string }[] =
        await this.source.query(
          `WITH cur AS (
             SELECT DISTINCT ON (v.licence_id) v.licence_id, v.version, v.licence, v.legal_basis, v.fields
               FROM "policy"."licence_versions" v
              WHERE v.effective_from <= $1
              ORDER BY v.licence_id, v.version DESC)
           SELECT l.organisation_id, cur.licence_id, cur.version, cur.licence, g.purpose_code
             FROM cur
             JOIN "policy"."licences" l ON l.id = cur.licence_id
             CROSS JOIN LATERAL (
               SELECT DISTINCT e ->> 'purposeCode' AS purpose_code
                 FROM jsonb_array_elements(cur.licence -> 'grants') e
                WHERE (e -> 'fields') ? $2) g
            WHERE $2 = ANY (cur.fields)
              AND ((cur.legal_basis = 'legal-duty' AND NOT $3::boolean)
                   OR EXISTS (
                     SELECT 1 FROM "consent"."consent_heads" h
                      WHERE h.citizen_pseudonym = $4 AND h.organisation_id = l.organisation_id AND h.purpose_code = g.purpose_code
                        AND h.state = 'ACTIVE' AND h.valid_from <= $1 AND h.valid_to > $1 AND $2 = ANY (h.granted_fields)))
              ${keyset}
            ORDER BY l.organisation_id, cur.licence_id, g.purpose_code
            LIMIT $${args.length}`,
          args,
        );
      return rows.map((r) => ({ organisationId: r.organisation_id, licenceId: r.licence_id, version: r.version, licence: r.licence, purposeCode: r.purpose_code }));
    });
  }
}
