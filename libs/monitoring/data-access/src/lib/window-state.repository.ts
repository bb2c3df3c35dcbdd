import type { Queryable } from './queryable.types';

export interface SavedWindowState {
  position: number;
  state: string;
  savedAt: Date;
}

/** Snapshots of a consumer's window state; call `save` with the transaction that advances its cursor. */
export class WindowStateRepository {
  async save(db: Queryable, name: string, position: number, state: string, savedAt: Date): Promise<void> {
    await db.query(
      `INSERT INTO "monitoring"."window_states" ("name", "position", "state", "saved_at") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("name") DO UPDATE SET "position" = EXCLUDED."position", "state" = EXCLUDED."state", "saved_at" = EXCLUDED."saved_at"`,
      [name, position, state, savedAt],
    );
  }

  async load(db: Queryable, name: string): Promise<SavedWindowState | null> {
    const [row] = await db.query(`SELECT "position", "state", "saved_at" FROM "monitoring"."window_states" WHERE "name" = $1`, [name]);
    return row ? { position: Number(row.position), state: row.state, savedAt: new Date(row.saved_at) } : null;
  }
}
