import { advisoryLockKey } from './advisory-lock.util';
import { Queryable } from './queryable.types';

export interface CheckpointRow {
  id: number;
  treeSize: number;
  rootHash: Buffer;
  note: string;
  createdAt: Date;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const toRow = (r: any): CheckpointRow => ({ id: Number(r.id), treeSize: Number(r.tree_size), rootHash: r.root_hash, note: r.note, createdAt: r.created_at });

const PUBLISH_LOCK = advisoryLockKey('audit-checkpoint-publisher');

/** Published checkpoints, oldest first; append-only. */
export class CheckpointRepository {
  constructor(private readonly source: Queryable) {}

  async latest(): Promise<CheckpointRow | null> {
    const rows = await this.source.query(`SELECT * FROM "audit"."checkpoints" ORDER BY "id" DESC LIMIT 1`);
    return rows.length ? toRow(rows[0]) : null;
  }

  /** Checkpoints with id > afterId, oldest first. */
  async list(afterId: number, limit: number): Promise<CheckpointRow[]> {
    const rows = await this.source.query(`SELECT * FROM "audit"."checkpoints" WHERE "id" > $1 ORDER BY "id" LIMIT $2`, [afterId, limit]);
    return rows.map(toRow);
  }

  /** The latest checkpoint whose tree covers `size` leaves or more, if any. */
  async latestCovering(size: number): Promise<CheckpointRow | null> {
    const rows = await this.source.query(`SELECT * FROM "audit"."checkpoints" WHERE "tree_size" >= $1 ORDER BY "id" DESC LIMIT 1`, [size]);
    return rows.length ? toRow(rows[0]) : null;
  }

  /**
   * Inserts the checkpoint unless a larger one, or this very note, is already there. One
   * statement, no explicit transaction: replicas racing are kept apart by a transaction-scoped
   * advisory lock and, as Ed25519 is deterministic, by the identical notes they would produce.
   */
  async insertIfNew(checkpoint: { treeSize: number; rootHash: Buffer; note: string }): Promise<CheckpointRow | null> {
    const rows = await this.source.query(
      `INSERT INTO "audit"."checkpoints" ("tree_size", "root_hash", "note")
       SELECT $1, $2, $3
        WHERE pg_try_advisory_xact_lock($4::bigint)
          AND NOT EXISTS (SELECT 1 FROM "audit"."checkpoints" WHERE "tree_size" > $1 OR ("tree_size" = $1 AND "note" = $3))
       RETURNING *`,
      [checkpoint.treeSize, checkpoint.rootHash, checkpoint.note, PUBLISH_LOCK],
    );
    return rows.length ? toRow(rows[0]) : null;
  }

  async insert(checkpoint: { treeSize: number; rootHash: Buffer; note: string }): Promise<CheckpointRow> {
    const rows = await this.source.query(`INSERT INTO "audit"."checkpoints" ("tree_size", "root_hash", "note") VALUES ($1, $2, $3) RETURNING *`, [
      checkpoint.treeSize,
      checkpoint.rootHash,
      checkpoint.note,
    ]);
    return toRow(rows[0]);
  }
}
