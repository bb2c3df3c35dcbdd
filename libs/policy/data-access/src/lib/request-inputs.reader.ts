import { DataSource, EntityManager } from 'typeorm';
import { ConsentInForce, HEAD_COLUMN_LIST, HeadRow, consentForRequest, guarded, toSnapshot } from './consent-registry-view.repository';
import { queryPrepared } from '@consentry/shared-database';
import { selectionFor } from './licence.repository';
import { SuspensionInForce, SuspensionTarget, suspensionInForceFor } from './suspension.repository';

export interface RequestInputs {
  /**
   * The licence version in force, its document as JSON text: versions are immutable, so a caller
   * that keeps parsed versions by id@version parses only the ones it has not seen.
   */
  licence: { licenceId: string; version: number; json: string } | null;
  suspension: SuspensionInForce | null;
  consent: ConsentInForce | undefined;
}

/** One request's keys to its decision inputs. */
export interface RequestInputsKey {
  organisationId: string;
  apiKeyId: string | null;
  purposeCode: string;
  citizenPseudonym: string;
  at: Date;
}

const REQUEST_INPUTS_SQL = `SELECT l.licence_id, l.version AS licence_version, l.licence::text AS licence_json,
       s.id AS suspension_id, s.target AS suspension_target, s.suspended_at,
       ${HEAD_COLUMN_LIST.map((c) => `c.${c}`).join(', ')}
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[]) WITH ORDINALITY AS q(q_organisation, q_api_key, q_purpose, q_pseudonym, q_at, q_n)
  LEFT JOIN LATERAL ${selectionFor('q.q_organisation', 'q.q_purpose', 'q.q_at')} l ON true
  LEFT JOIN LATERAL ${suspensionInForceFor('q.q_organisation', 'q.q_api_key')} s ON true
  LEFT JOIN LATERAL ${consentForRequest('q.q_pseudonym', 'q.q_organisation', 'q.q_purpose', 'q.q_at')} c ON true
 ORDER BY q.q_n`;

type InputsRow = HeadRow & {
  licence_id: string | null;
  licence_version: number | null;
  licence_json: string | null;
  suspension_id: string | null;
  suspension_target: SuspensionTarget | null;
  suspended_at: Date | null;
};

/**
 * Everything a decision on one request reads, in ONE query: the licence version in force
 * (LicenceRepository.inForceForRequest's rule), the suspension in force (SuspensionRepository
 * .inForce's rule) and the citizen's consent (ConsentRegistryView.consentFor's rule). The same
 * subqueries as those methods, so the answers cannot differ; one round trip instead of three,
 * and a prepared statement (planned once per connection), for one request or many (concurrent
 * requests, see Coalescer).
 */
export class RequestInputsReader {
  constructor(private readonly source: DataSource | EntityManager) {}

  /** One answer per key, in order. */
  async readMany(keys: RequestInputsKey[]): Promise<RequestInputs[]> {
    return guarded(async () => {
      const rows = await queryPrepared<InputsRow>(this.source, 'policy_request_inputs', REQUEST_INPUTS_SQL, [
        keys.map((k) => k.organisationId),
        keys.map((k) => k.apiKeyId),
        keys.map((k) => k.purposeCode),
        keys.map((k) => k.citizenPseudonym),
        keys.map((k) => k.at),
      ]);
      return rows.map((r) => ({
        licence: r.licence_id ? { licenceId: r.licence_id, version: r.licence_version!, json: r.licence_json! } : null,
        suspension: r.suspension_id ? { id: r.suspension_id, target: r.suspension_target!, suspendedAt: r.suspended_at!.toISOString() } : null,
        consent: r.id ? toSnapshot(r) : undefined,
      }));
    });
  }
}
