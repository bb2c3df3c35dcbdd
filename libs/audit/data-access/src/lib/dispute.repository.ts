import { DisputeStatus } from './citizen-data.entities';
import { Queryable } from './queryable.types';

export interface DisputeRow {
  id: string;
  entryIndex: number;
  citizenPseudonym: string;
  accountId: string;
  reason: string;
  status: DisputeStatus;
  createdAt: Date;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const toRow = (r: any): DisputeRow => ({
  id: r.id,
  entryIndex: Number(r.entry_index),
  citizenPseudonym: r.citizen_pseudonym,
  accountId: r.account_id,
  reason: r.reason,
  status: r.status,
  createdAt: r.created_at,
});

/** Citizens' disputes of an access: cases the regulator works through. */
export class DisputeRepository {
  constructor(private readonly source: Queryable) {}

  /** Opens a dispute; null when this citizen already has one open on the entry. */
  async open(dispute: { entryIndex: number; citizenPseudonym: string; accountId: string; reason: string }): Promise<DisputeRow | null> {
    const rows = await this.source.query(
      `INSERT INTO "audit"."disputes" ("entry_index", "citizen_pseudonym", "account_id", "reason") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("entry_index", "citizen_pseudonym") WHERE "status" IN ('open', 'under-review') DO NOTHING RETURNING *`,
      [dispute.entryIndex, dispute.citizenPseudonym, dispute.accountId, dispute.reason],
    );
    return rows.length ? toRow(rows[0]) : null;
  }

  async forCitizen(citizenPseudonym: string): Promise<DisputeRow[]> {
    const rows = await this.source.query(`SELECT * FROM "audit"."disputes" WHERE "citizen_pseudonym" = $1 ORDER BY "created_at" DESC LIMIT 500`, [citizenPseudonym]);
    return rows.map(toRow);
  }

  /**
   * Disputes opened at or after `since`, oldest first (consumers that open a case per dispute);
   * with `afterId`, only those after that dispute in this order (the next page).
   */
  async createdSince(since: Date, limit: number, afterId?: string): Promise<DisputeRow[]> {
    const rows = afterId
      ? await this.source.query(
          `SELECT * FROM "audit"."disputes" WHERE "created_at" >= $1
              AND ("created_at", "id") > ((SELECT p."created_at" FROM "audit"."disputes" p WHERE p."id" = $3), $3::uuid)
            ORDER BY "created_at", "id" LIMIT $2`,
          [since, limit, afterId],
        )
      : await this.source.query(`SELECT * FROM "audit"."disputes" WHERE "created_at" >= $1 ORDER BY "created_at", "id" LIMIT $2`, [since, limit]);
    return rows.map(toRow);
  }

  async list(options: { status?: DisputeStatus; limit: number }): Promise<DisputeRow[]> {
    const rows = options.status
      ? await this.source.query(`SELECT * FROM "audit"."disputes" WHERE "status" = $1 ORDER BY "created_at" DESC LIMIT $2`, [options.status, options.limit])
      : await this.source.query(`SELECT * FROM "audit"."disputes" ORDER BY "created_at" DESC LIMIT $1`, [options.limit]);
    return rows.map(toRow);
  }
}
