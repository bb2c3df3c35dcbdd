import { DataSource } from 'typeorm';
import type { PublicJwk } from '@consentry/shared-auth';

export class SigningKeyRepository {
  constructor(private readonly source: DataSource) {}

  /** Public keys of every key ever used, so old receipts stay verifiable after a rotation. */
  async publicKeys(): Promise<PublicJwk[]> {
    const rows: { public_jwk: PublicJwk }[] = await this.source.query(`SELECT public_jwk FROM "consent"."signing_keys" ORDER BY created_at`);
    return rows.map((r) => r.public_jwk);
  }

  async activePrivatePem(): Promise<string | null> {
    const rows: { private_pem: string | null }[] = await this.source.query(
      `SELECT private_pem FROM "consent"."signing_keys" WHERE retired_at IS NULL AND private_pem IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
    );
    return rows[0]?.private_pem ?? null;
  }

  /**
   * Retires every key recorded before `kid`: each keeps its public part (receipts it signed stay
   * verifiable through the JWKS) and loses its private part, so the database holds no key that
   * signs no more. A key recorded after it is left alone: during a rolling rotation a replica
   * still on the old key may restart, and must not mark the new one retired. Returns how many
   * were retired.
   */
  async retireOlderThan(kid: string): Promise<number> {
    const rows: unknown[] = await this.source.query(
      `UPDATE "consent"."signing_keys" SET retired_at = now(), private_pem = NULL
        WHERE created_at < (SELECT created_at FROM "consent"."signing_keys" WHERE kid = $1)
          AND (retired_at IS NULL OR private_pem IS NOT NULL) RETURNING kid`,
      [kid],
    );
    return rows.length;
  }

  /** Records a key's public part (and, for the embedded default only, its private part). */
  async record(jwk: PublicJwk, privatePem: string | null): Promise<void> {
    await this.source.query(
      `INSERT INTO "consent"."signing_keys" (kid, public_jwk, private_pem) VALUES ($1, $2::jsonb, $3) ON CONFLICT (kid) DO NOTHING`,
      [jwk.kid, JSON.stringify(jwk), privatePem],
    );
  }
}
