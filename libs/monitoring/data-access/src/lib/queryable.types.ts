/**
 * Anything that runs SQL and returns rows: a DataSource, or the EntityManager of a transaction in
 * progress. Inside a transaction pass its manager: on the embedded database a query on another
 * connection waits for that transaction to end.
 */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, parameters?: unknown[]): Promise<any>;
}
