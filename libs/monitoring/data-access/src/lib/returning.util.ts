/**
 * Rows of an UPDATE or DELETE ... RETURNING, whichever Queryable ran it: TypeORM's DataSource and
 * EntityManager answer such statements with [rows, affectedCount], a plain client with the rows.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function returnedRows(result: any): any[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0];
  return result;
}
