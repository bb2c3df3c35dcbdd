import { DataSource, EntityManager } from 'typeorm';
import { deleteInChunks } from './delete-in-chunks.util';

export class GuardCountersRepository {
  constructor(private readonly source: DataSource | EntityManager) {}

  /**
   * Fixed-window counter in PostgreSQL (used when no Redis is configured): adds `by` hits to the
   * bucket's window and returns its new count.
   */
  async hit(bucket: string, windowStart: Date, by = 1): Promise<number> {
    const rows: { count: number }[] = await this.source.query(
      `INSERT INTO "gateway"."rate_windows" (bucket, window_start, count) VALUES ($1, $2, $3)
       ON CONFLICT (bucket, window_start) DO UPDATE SET count = "rate_windows".count + EXCLUDED.count RETURNING count`,
      [bucket, windowStart, by],
    );
    return rows[0].count;
  }

  async purgeWindows(olderThan: Date): Promise<void> {
    await this.source.query(`DELETE FROM "gateway"."rate_windows" WHERE window_start < $1`, [olderThan]);
  }

  /** Records a citizen touched without consent today; returns how many distinct ones so far. */
  async touchWithoutConsent(organisationId: string, day: string, pseudonym: string): Promise<number> {
    await this.source.query(
      `INSERT INTO "gateway"."unconsented_touches" (organisation_id, day, citizen_pseudonym) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [organisationId, day, pseudonym],
    );
    const rows: { n: number }[] = await this.source.query(
      `SELECT count(*)::int AS n FROM "gateway"."unconsented_touches" WHERE organisation_id = $1 AND day = $2`,
      [organisationId, day],
    );
    return rows[0].n;
  }

  /**
   * Deletes the touches of days before `before` (a Vietnamese date, `vietnamDate`), in chunks,
   * through the day index. The guard counts only the current day's; returns how many rows were
   * removed.
   */
  purgeTouches(before: string, chunk?: number): Promise<number> {
    return deleteInChunks(this.source, '"gateway"."unconsented_touches"', 'day < $2::date', [before], chunk);
  }
}
