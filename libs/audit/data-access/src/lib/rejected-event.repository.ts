import { Queryable } from './queryable.types';

/** Events that failed validation: recorded by id and field errors only, never their content. */
export class RejectedEventRepository {
  constructor(private readonly source: Queryable) {}

  /**
   * Records each rejected event once per id (a redelivered or retried job brings the same ones
   * again); returns how many were new. Events without an id are recorded every time.
   */
  async record(rejected: { eventId: string | null; errors: { field: string; message: string }[] }[]): Promise<number> {
    if (rejected.length === 0) return 0;
    const rows: unknown[] = await this.source.query(
      `INSERT INTO "audit"."rejected_events" ("event_id", "errors") SELECT * FROM unnest($1::text[], $2::jsonb[])
       ON CONFLICT ("event_id") WHERE "event_id" IS NOT NULL DO NOTHING RETURNING "id"`,
      [rejected.map((r) => r.eventId), rejected.map((r) => JSON.stringify(r.errors))],
    );
    return rows.length;
  }

  async count(): Promise<number> {
    const [row] = await this.source.query(`SELECT count(*)::bigint AS "n" FROM "audit"."rejected_events"`);
    return Number(row.n);
  }
}
