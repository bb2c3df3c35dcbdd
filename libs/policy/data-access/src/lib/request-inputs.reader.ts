import { DataSource, EntityManager } from 'typeorm';
import { ConsentInForce, HEAD_COLUMN_LIST, HeadRow, consentForRequest, guarded, toSnapshot } from './consent-registry-view.repository';
import type { Licence } from '@consentry/policy-domain';
import { queryPrepared } from '@consentry/shared-database';
import { selectionFor } from './licence.repository';
import { SuspensionInForce, SuspensionTarget, suspensionInForceFor } from './suspension.repository';

export interface RequestInputs {
  licence: { licenceId: string; version: number; licence: Licence } | null;
  suspension: SuspensionInForce | null;
  consent: ConsentInForce | undefined;
}

const REQUEST_INPUTS_SQL = `SELECT l.licence_id, l.version AS licence_version, l.licence,
       s.id AS suspension_id, s.target AS suspension_target, s.suspended_at,
       ${HEAD_COLUMN_LIST.map((c) => `c.${c}`).join(', ')}
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL ${selectionFor('$1::uuid', '$3::text', '$5::timestamptz')} l ON true
  LEFT JOIN LATERAL ${suspensionInForceFor('$1::uuid', '$2::uuid')} s ON true
  LEFT JOIN LATERAL ${consentForRequest('$4::text', '$1::uuid', '$3::text', '$5::timestamptz')} c ON true`;

/**
 * Everything a decision on one request reads, in ONE query: the licence version in force
 * (LicenceRepository.inForceForRequest's rule), the suspension in force (SuspensionRepository
 * .inForce's rule) and the citizen's consent (ConsentRegistryView.consentFor's rule). The same
 * subqueries as those methods, so the answers cannot differ; one round trip instead of three,
 * and a prepared statement (planned once per connection).
 */
export class RequestInputsReader {
  constructor(private readonly source: DataSource | EntityManager) {}

  async read(organisationId: string, apiKeyId: string | null, purposeCode: string, citizenPseudonym: string, at: Date): Promise<RequestInputs> {
    return guarded(async () => {
      const rows: (HeadRow & { licence_id: string | null; licence_version: number | null; licence: Licence | null; suspension_id: string | null; suspension_target: SuspensionTarget | null; suspended_at: Date | null })[] =
        await queryPrepared(this.source, 'policy_request_inputs', REQUEST_INPUTS_SQL, [organisationId, apiKeyId, purposeCode, citizenPseudonym, at]);
      const r = rows[0];
      return {
        licence: r.licence_id ? { licenceId: r.licence_id, version: r.licence_version!, licence: r.licence! } : null,
        suspension: r.suspension_id ? { id: r.suspension_id, target: r.suspension_target!, suspendedAt: r.suspended_at!.toISOString() } : null,
        consent: r.id ? toSnapshot(r) : undefined,
      };
    });
  }
}
