import { Queryable } from './queryable.types';

/** Public verifier keys the log has used, and the generated development key. */
export class SigningKeyRepository {
  constructor(private readonly source: Queryable) {}

  async register(vkey: string, name: string): Promise<void> {
    await this.source.query(`INSERT INTO "audit"."signing_keys" ("vkey", "name") VALUES ($1, $2) ON CONFLICT ("vkey") DO NOTHING`, [vkey, name]);
  }

  /** Every key ever used, oldest first. */
  async all(): Promise<{ vkey: string; name: string; firstUsedAt: Date }[]> {
    const rows = await this.source.query(`SELECT "vkey", "name", "first_used_at" FROM "audit"."signing_keys" ORDER BY "first_used_at", "vkey"`);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return rows.map((r: any) => ({ vkey: r.vkey, name: r.name, firstUsedAt: r.first_used_at }));
  }

  /**
   * Development only: the key generated on first start, kept so restarts sign with the same key.
   * The first replica to get here wins; the others read its key.
   */
  async devSigningKey(generate: () => string): Promise<string> {
    await this.source.query(`INSERT INTO "audit"."dev_signing_key" ("id", "skey") VALUES (1, $1) ON CONFLICT ("id") DO NOTHING`, [generate()]);
    const [row] = await this.source.query(`SELECT "skey" FROM "audit"."dev_signing_key" WHERE "id" = 1`);
    return row.skey;
  }
}
