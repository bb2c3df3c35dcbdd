import type { Queryable } from './queryable.types';

export interface ConsumerCursor {
  /** Next log index to read (the audit-log cursor). */
  position: number;
  /** Instant read up to (the disputes cursor); null before the first read. */
  at: Date | null;
}

/**
 * Consumer cursors. `lock` takes the row FOR UPDATE (creating it at 0 first), so two replicas
 * never run the same consumer at once; call it and `advance` with a transaction's manager.
 */
export class CursorRepository {
  async lock(db: Queryable, name: string): Promise<ConsumerCursor> {
    await db.query(`INSERT INTO "monitoring"."cursors" ("name", "position", "updated_at") VALUES ($1, 0, now()) ON CONFLICT ("name") DO NOTHING`, [name]);
    const [row] = await db.query(`SELECT "position", "at" FROM "monitoring"."cursors" WHERE "name" = $1 FOR UPDATE`, [name]);
    return { position: Number(row.position ?? 0), at: row.at ?? null };
  }

  async advance(db: Queryable, name: string, cursor: ConsumerCursor): Promise<void> {
    await db.query(`UPDATE "monitoring"."cursors" SET "position" = $2, "at" = $3, "updated_at" = now() WHERE "name" = $1`, [name, cursor.position, cursor.at]);
  }

  async read(db: Queryable, name: string): Promise<ConsumerCursor | null> {
    const [row] = await db.query(`SELECT "position", "at" FROM "monitoring"."cursors" WHERE "name" = $1`, [name]);
    return row ? { position: Number(row.position ?? 0), at: row.at ?? null } : null;
  }
}
