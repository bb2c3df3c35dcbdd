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
        WHERE k.key_hash = ANY($1::text[]) AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())`,
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

  async insertKey(key: { organisationId: string; prefix: string; hash: string; scopes: ApiKeyScope[]; label: string; createdBy?: string }): Promise<string> {
    const rows: { id: string }[] = await this.source.query(
      `INSERT INTO "identity"."api_keys" (organisation_id, prefix, key_hash, scopes, label, created_by)
       VALUES ($1, $2, $3, $4::text[], $5, $6) RETURNING id`,
      [key.organisationId, key.prefix, key.hash, key.scopes, key.label, key.createdBy ?? null],
    );
    return rows[0].id;
  }

  /** A new organisation, or undefined when the name is taken. */
  async createOrganisation(name: string, kind: OrganisationKind): Promise<StoredOrganisation | undefined> {
    const rows: StoredOrganisation[] = await this.source.query(
      `INSERT INTO "identity"."organisations" (name, kind) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING
       RETURNING id, name, kind, created_at AS "createdAt"`,
      [name, kind],
    );
    return rows[0];
  }

  async organisationExists(organisationId: string): Promise<boolean> {
    const rows: unknown[] = await this.source.query(`SELECT 1 FROM "identity"."organisations" WHERE id = $1`, [organisationId]);
    return rows.length === 1;
  }

  /** The organisation's keys, newest first (never their hashes). */
  async listKeys(organisationId: string): Promise<StoredApiKey[]> {
    return this.source.query(`SELECT ${KEY_VIEW} FROM "identity"."api_keys" k WHERE k.organisation_id = $1 ORDER BY k.created_at DESC, k.id`, [organisationId]);
  }

  /** One key of the organisation, or undefined (also when it is another organisation's). */
  async findKey(organisationId: string, keyId: string): Promise<StoredApiKey | undefined> {
    const rows: StoredApiKey[] = await this.source.query(`SELECT ${KEY_VIEW} FROM "identity"."api_keys" k WHERE k.organisation_id = $1 AND k.id = $2`, [organisationId, keyId]);
    return rows[0];
  }

  /**
   * Replaces a live key that was never rotated by a new one with its scopes and label, in one
   * statement: the old key stops working at once (graceSeconds 0: revoked) or after the grace
   * period. Of concurrent rotations of one key, one wins; the others get undefined, as for a key
   * that is not live, was rotated before or is another organisation's.
   */
  async rotateKey(organisationId: string, keyId: string, next: { id: string; prefix: string; hash: string; createdBy: string }, graceSeconds: number): Promise<StoredApiKey | undefined> {
    const rows: StoredApiKey[] = await this.source.query(
      `WITH old AS (
         UPDATE "identity"."api_keys" SET replaced_by = $3,
                expires_at = CASE WHEN $7::int > 0 THEN now() + $7::int * interval '1 second' END,
                revoked_at = CASE WHEN $7::int = 0 THEN now() END,
                revoked_by = CASE WHEN $7::int = 0 THEN $6 END
          WHERE id = $2 AND organisation_id = $1 AND replaced_by IS NULL AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
          RETURNING organisation_id, scopes, label),
       k AS (
         INSERT INTO "identity"."api_keys" (id, organisation_id, prefix, key_hash, scopes, label, created_by)
         SELECT $3, organisation_id, $4, $5, scopes, label, $6 FROM old
         RETURNING *)
       SELECT ${KEY_VIEW} FROM k`,
      [organisationId, keyId, next.id, next.prefix, next.hash, next.createdBy, graceSeconds],
    );
    return rows[0];
  }

  /** Revokes the key (at once); a key revoked before stays as it was. Undefined when it is not the organisation's. */
  async revokeKey(organisationId: string, keyId: string, revokedBy: string): Promise<StoredApiKey | undefined> {
    const rows: StoredApiKey[] = await this.source.query(
      `WITH r AS (
         UPDATE "identity"."api_keys" SET revoked_at = now(), revoked_by = $3 WHERE id = $2 AND organisation_id = $1 AND revoked_at IS NULL RETURNING *)
       SELECT ${KEY_VIEW} FROM r k`,
      [organisationId, keyId, revokedBy],
    );
    return rows[0] ?? this.findKey(organisationId, keyId);
  }
}

export interface StoredOrganisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  createdAt: Date;
}

/** An API key as its organisation and operators see it: never its hash. */
export interface StoredApiKey {
  id: string;
  organisationId: string;
  prefix: string;
  label: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  createdBy: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  replacedBy: string | null;
  /** live, expiring (rotated, works until expiresAt), expired or revoked. */
  status: 'live' | 'expiring' | 'expired' | 'revoked';
}

const KEY_VIEW = `k.id, k.organisation_id AS "organisationId", k.prefix, k.label, k.scopes, k.created_at AS "createdAt", k.created_by AS "createdBy",
  k.expires_at AS "expiresAt", k.revoked_at AS "revokedAt", k.revoked_by AS "revokedBy", k.replaced_by AS "replacedBy",
  CASE WHEN k.revoked_at IS NOT NULL THEN 'revoked' WHEN k.expires_at IS NULL THEN 'live' WHEN k.expires_at > now() THEN 'expiring' ELSE 'expired' END AS status`;
