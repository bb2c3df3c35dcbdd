import { CitizenRecord } from '@consentry/population-domain';
import { CITIZEN_COLUMNS } from './citizen-columns.constant';

/** Anything that runs a parameterised query: a pg Client or Pool, a TypeORM DataSource or QueryRunner. */
export interface SqlClient {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * One statement per batch: each column travels as one array parameter and unnest() turns the
 * arrays back into rows, so a batch of 5,000 costs one round trip and one parse, with 21
 * parameters whatever the batch size (a VALUES list would need 105,000).
 */
const INSERT_SQL = `
  WITH inserted AS (
    INSERT INTO "population"."citizens" (${CITIZEN_COLUMNS.map((c) => `"${c.column}"`).join(', ')})
    SELECT * FROM unnest(${CITIZEN_COLUMNS.map((c, i) => `$${i + 1}::${c.arrayType}[]`).join(', ')})
    ON CONFLICT ("id_number") DO NOTHING
    RETURNING 1
  )
  SELECT count(*)::int AS inserted FROM inserted`;

/**
 * Inserts the records, skipping ID numbers already present (so re-running a seed is
 * idempotent), and returns how many rows were new.
 */
export async function insertCitizens(client: SqlClient, records: CitizenRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const params = CITIZEN_COLUMNS.map(({ field }) => {
    const values = new Array(records.length);
    for (let i = 0; i < records.length; i++) values[i] = records[i][field];
    return values;
  });
  return insertedCount(await client.query(INSERT_SQL, params));
}

/** pg answers with `{ rows }`, TypeORM with the rows themselves. */
function insertedCount(result: unknown): number {
  const rows = Array.isArray(result) ? result : (result as { rows?: unknown } | null)?.rows;
  const inserted = Array.isArray(rows) ? (rows[0] as { inserted?: unknown } | undefined)?.inserted : undefined;
  if (typeof inserted !== 'number') throw new Error('insertCitizens: the database returned no inserted count');
  return inserted;
}
