import { randomBytes } from 'node:crypto';
import { openFromBytes, sealToBytes } from '@consentry/audit-domain';
import { Queryable } from './queryable.types';

const aad = (pseudonym: string) => Buffer.from(`consentry-audit-citizen-key:${pseudonym}`, 'utf8');

/**
 * Per-citizen data keys, stored wrapped (AES-256-GCM) under the key-encryption key from config.
 * Deleting a row erases every personal payload sealed with it; the trigger allows only that.
 */
export class CitizenKeyRepository {
  constructor(
    private readonly source: Queryable,
    private readonly keyEncryptionKey: Buffer,
    private readonly random: (bytes: number) => Buffer = randomBytes,
  ) {
    if (keyEncryptionKey.length !== 32) throw new Error('the key-encryption key must be 32 bytes');
  }

  /** The data keys of these citizens, created for those who have none (call inside the append transaction). */
  async getOrCreate(pseudonyms: readonly string[]): Promise<Map<string, Buffer>> {
    const wanted = [...new Set(pseudonyms)];
    if (wanted.length === 0) return new Map();
    const fresh = wanted.map((p) => ({ pseudonym: p, wrapped: sealToBytes(this.keyEncryptionKey, this.random(12), this.random(32), aad(p)) }));
    await this.source.query(
      `INSERT INTO "audit"."citizen_keys" ("citizen_pseudonym", "wrapped_key")
       SELECT * FROM unnest($1::text[], $2::bytea[]) ON CONFLICT ("citizen_pseudonym") DO NOTHING`,
      [fresh.map((f) => f.pseudonym), fresh.map((f) => f.wrapped)],
    );
    return this.find(wanted);
  }

  /** Data keys that still exist (an erased citizen is simply absent). */
  async find(pseudonyms: readonly string[]): Promise<Map<string, Buffer>> {
    if (pseudonyms.length === 0) return new Map();
    const rows: { citizen_pseudonym: string; wrapped_key: Buffer }[] = await this.source.query(
      `SELECT "citizen_pseudonym", "wrapped_key" FROM "audit"."citizen_keys" WHERE "citizen_pseudonym" = ANY($1::text[])`,
      [[...new Set(pseudonyms)]],
    );
    const keys = new Map<string, Buffer>();
    for (const row of rows) {
      const key = openFromBytes(this.keyEncryptionKey, row.wrapped_key, aad(row.citizen_pseudonym));
      if (!key) throw new Error('a citizen key does not open with the configured key-encryption key');
      keys.set(row.citizen_pseudonym, key);
    }
    return keys;
  }

  /** The erasure right: true when a key existed and is now gone. */
  async erase(pseudonym: string): Promise<boolean> {
    const rows: unknown[] = await this.source.query(`DELETE FROM "audit"."citizen_keys" WHERE "citizen_pseudonym" = $1 RETURNING 1`, [pseudonym]);
    return rows.length > 0;
  }
}
