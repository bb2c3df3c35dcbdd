import { DataSource, EntityManager } from 'typeorm';
import { deleteInChunks } from './delete-in-chunks.util';

/**
 * Audit events, written with the answer they describe (AccessRecordWriter), moved to the audit
 * queue by the relay: at least once, the audit log deduplicating by event id.
 */
export class AuditOutboxRepository {
  constructor(private readonly source: DataSource | EntityManager) {}

  /**
   * Claims up to `limit` undelivered events for `leaseMs`: another relay (another replica) skips
   * them meanwhile; if this one dies before marking them delivered, the lease runs out and they
   * are sent again.
   */
  async claim(limit: number, leaseMs: number): Promise<{ eventId: string; payload: unknown }[]> {
    const [rows]: [{ event_id: string; payload: unknown }[], number] = await this.source.query(
      `UPDATE "gateway"."audit_outbox" SET claimed_until = now() + ($2::int * interval '1 millisecond')
        WHERE event_id IN (
          SELECT event_id FROM "gateway"."audit_outbox"
           WHERE delivered_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
           ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING event_id, payload`,
      [limit, leaseMs],
    );
    return rows.map((r) => ({ eventId: r.event_id, payload: r.payload }));
  }

  /** Gives claimed events back at once (the queue refused them), instead of waiting out the lease. */
  async release(eventIds: string[]): Promise<void> {
    await this.source.query(`UPDATE "gateway"."audit_outbox" SET claimed_until = NULL WHERE event_id = ANY($1::uuid[]) AND delivered_at IS NULL`, [eventIds]);
  }

  async markDelivered(eventIds: string[]): Promise<void> {
    await this.source.query(`UPDATE "gateway"."audit_outbox" SET delivered_at = now() WHERE event_id = ANY($1::uuid[])`, [eventIds]);
  }

  async pending(): Promise<number> {
    const rows: { n: number }[] = await this.source.query(`SELECT count(*)::int AS n FROM "gateway"."audit_outbox" WHERE delivered_at IS NULL`);
    return rows[0].n;
  }

  /**
   * Delivered events older than the retention are removed, through the delivered-at index and in
   * chunks: the audit log holds them now. Returns how many were removed.
   */
  purgeDelivered(olderThan: Date, chunk?: number): Promise<number> {
    return deleteInChunks(this.source, '"gateway"."audit_outbox"', 'delivered_at < $2', [olderThan], chunk);
  }
}
