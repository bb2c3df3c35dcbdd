import { Queryable } from './queryable.types';

/** Events that failed validation: recorded by id and field errors only, never their content. */
export class RejectedEventRepository {
  constructor(private readonly source: Queryable) {}

  async record(rejected: { eventId: string | null; errors: { field: string; message: string }[] }[]): Promise<void> {
    if (rejected.length === 0) return;
    await this.source.query(`INSERT INTO "audit"."rejected_events" ("event_id", "errors") SELECT * FROM unnest($1::text[], $2::jsonb[])`, [
      rejected.map((r) => r.eventId),
      rejected.map((r) => JSON.stringify(r.errors)),
    ]);
  }

  async count(): Promise<number> {
    const [row] = await this.source.query(`SELECT count(*)::bigint AS "n" FROM "audit"."rejected_events"`);
    return Number(row.n);
  }
}
