import { DataSource, EntityManager } from 'typeorm';
import { deleteInChunks } from './delete-in-chunks.util';

export interface StoredResponse {
  fingerprint: string;
  statusCode: number;
  response: string;
}

export class IdempotencyRepository {
  constructor(private readonly source: DataSource | EntityManager) {}

  async find(organisationId: string, key: string): Promise<StoredResponse | null> {
    const rows: { fingerprint: string; status_code: number; response: string }[] = await this.source.query(
      `SELECT fingerprint, status_code, response FROM "gateway"."idempotency_keys" WHERE organisation_id = $1 AND key = $2`,
      [organisationId, key],
    );
    return rows[0] ? { fingerprint: rows[0].fingerprint, statusCode: rows[0].status_code, response: rows[0].response } : null;
  }

  /** Records the first response for the key; false when another request took the key first. */
  async save(organisationId: string, key: string, stored: StoredResponse): Promise<boolean> {
    const rows = await this.source.query(
      `INSERT INTO "gateway"."idempotency_keys" (organisation_id, key, fingerprint, status_code, response) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING key`,
      [organisationId, key, stored.fingerprint, stored.statusCode, stored.response],
    );
    return rows.length === 1;
  }

  /** Stores the response of the request that took the key (in that request's transaction). */
  async complete(organisationId: string, key: string, statusCode: number, response: string): Promise<void> {
    await this.source.query(`UPDATE "gateway"."idempotency_keys" SET status_code = $3, response = $4 WHERE organisation_id = $1 AND key = $2`, [
      organisationId,
      key,
      statusCode,
      response,
    ]);
  }

  /** Keys older than the retention are forgotten (through their created-at index, in chunks). */
  purge(olderThan: Date, chunk?: number): Promise<number> {
    return deleteInChunks(this.source, '"gateway"."idempotency_keys"', 'created_at < $2', [olderThan], chunk);
  }
}
