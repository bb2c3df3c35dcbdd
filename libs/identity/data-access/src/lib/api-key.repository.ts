import { DataSource, EntityManager } from 'typeorm';
import { queryPrepared } from '@consentry/shared-database';
import { ApiKeyScope } from './api-key.entity';
import { OrganisationKind } from './organisation.entity';

/** What an authenticated API key stands for. */
export interface ApiKeyOwner {
  keyId: string;
  keyPrefix: string;
  scopes: ApiKeyScope[];
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
}

export class ApiKeyRepository {
  constructor(private readonly source: DataSource | EntityManager) {}

  /**
   * For each hash, the live (unrevoked) key with it and its organisation, or null; in order, by the
   * unique hash index. Every API request runs this, so concurrent requests share one statement
   * (ApiKeyGuard's Coalescer), a prepared one, planned once per connection.
   */
  async findLiveByHashes(keyHashes: string[]): Promise<(ApiKeyOwner | null)[]> {
    const rows = await queryPrepared<ApiKeyOwner & { keyHash: string }>(
      this.source,
      'identity_live_keys',
      `SELECT k.key_hash AS "keyHash", k.id AS "keyId", k.prefix AS "keyPrefix", k.scopes, o.id AS "organisationId",
              o.name AS "organisationName", o.kind AS "organisationKind"
         FROM "identity"."api_keys" k JOIN "identity"."organisations" o ON o.id = k.organisation_id
        WHERE k.key_hash = ANY($1::text[]) AND k.revoked_at IS NULL`,
      [keyHashes],
    );
    const byHash = new Map(rows.map(({ keyHash, ...owner }) => [keyHash, owner]));
    return keyHashes.map((hash) => byHash.get(hash) ?? null);
  }

  /** Creates the organisation if its name is new; returns its id either way. */
  async ensureOrganisation(name: string, kind: OrganisationKind): Promise<string> {
    const rows: { id: string }[] = await this.source.query(
      `INSERT INTO "identity"."organisations" (name, kind) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [name, kind],
    );
    return rows[0].id;
  }

  async insertKey(key: { organisationId: string; prefix: string; hash: string; scopes: ApiKeyScope[]; label: string }): Promise<string> {
    const rows: { id: string }[] = await this.source.query(
      `INSERT INTO "identity"."api_keys" (organisation_id, prefix, key_hash, scopes, label)
       VALUES ($1, $2, $3, $4::text[], $5) RETURNING id`,
      [key.organisationId, key.prefix, key.hash, key.scopes, key.label],
    );
    return rows[0].id;
  }
}
