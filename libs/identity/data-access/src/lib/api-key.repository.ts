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

  /** The live (unrevoked) key with this hash and its organisation, by the unique hash index. */
  async findLiveByHash(keyHash: string): Promise<ApiKeyOwner | null> {
    // Every API request runs this: a prepared statement, planned once per connection.
    const rows = await queryPrepared<ApiKeyOwner>(
      this.source,
      'identity_live_key',
      `SELECT k.id AS "keyId", k.prefix AS "keyPrefix", k.scopes, o.id AS "organisationId",
              o.name AS "organisationName", o.kind AS "organisationKind"
         FROM "identity"."api_keys" k JOIN "identity"."organisations" o ON o.id = k.organisation_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [keyHash],
    );
    return rows[0] ?? null;
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
