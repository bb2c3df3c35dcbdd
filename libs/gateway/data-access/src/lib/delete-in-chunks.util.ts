import { DataSource, EntityManager } from 'typeorm';

/**
 * Deletes the rows of `table` that `where` selects (its parameters from $2 on), `chunk` at a time,
 * each chunk its own short statement, so a purge never holds one long transaction. `where` should
 * be answered by an index. Returns how many rows were removed.
 */
export async function deleteInChunks(source: DataSource | EntityManager, table: string, where: string, params: unknown[], chunk = 10_000): Promise<number> {
  let removed = 0;
  for (;;) {
    const [, count]: [unknown, number] = await source.query(
      `DELETE FROM ${table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${table} WHERE ${where} LIMIT $1))`,
      [chunk, ...params],
    );
    removed += count;
    if (count < chunk) return removed;
  }
}
