import type { DataSource, EntityManager } from 'typeorm';

interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Statement names by text: one name per distinct text, so a name never meets two texts. */
const names = new Map<string, string>();
/** Texts built at run time from data would grow the map without end: past this, run unnamed. */
const MAX_NAMED = 1000;

/**
 * Runs `text` as a named prepared statement. PostgreSQL parses and plans it once per connection
 * and then reuses the plan (generic after five runs, as for PREPARE). An unnamed statement, which
 * is what `query()` sends, is parsed, analysed and planned on every call. For the statements on a
 * hot path: in the gateway bench, perf put about 45 % of PostgreSQL's CPU per verification in
 * parsing and planning them.
 *
 * On a manager inside a transaction it runs on that transaction's connection; otherwise on the
 * pool. Meant for constant texts. `name` says where the statement comes from. A text not seen before gets a name of its
 * own, with a counter, because pg refuses a name prepared with another text on a connection.
 * Errors are the driver's (they carry PostgreSQL's code), not TypeORM's QueryFailedError.
 */
export async function queryPrepared<T>(source: DataSource | EntityManager, name: string, text: string, params: unknown[]): Promise<T[]> {
  let statement = names.get(text);
  if (!statement) {
    if (names.size >= MAX_NAMED) return source.query(text, params);
    statement = `${name}_${names.size + 1}`;
    names.set(text, statement);
  }
  const runner = 'queryRunner' in source ? source.queryRunner : undefined;
  const target: PgQueryable =
    runner && !runner.isReleased ? await runner.connect() : (('driver' in source ? source : source.connection).driver as unknown as { master: PgQueryable }).master;
  const result = await target.query({ name: statement, text, values: params });
  return result.rows as T[];
}
