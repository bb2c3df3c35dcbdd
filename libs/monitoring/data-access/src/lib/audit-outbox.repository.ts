import type { Queryable } from './queryable.types';

/**
 * Audit events of case actions, written in the same transaction as the action: a committed
 * action always reaches the audit log (delivered after commit, again by the consumer if lost;
 * the log ingests an event id once).
 */
export class AuditOutboxRepository {
  async add(db: Queryable, eventId: string, event: Record<string, unknown>): Promise<void> {
    await db.query(`INSERT INTO "monitoring"."audit_outbox" ("event_id", "event") VALUES ($1, $2::jsonb)`, [eventId, JSON.stringify(event)]);
  }

  /** Oldest pending events first; `olderThan` leaves fresh ones to the request that wrote them. */
  async pending(db: Queryable, olderThan: Date, limit: number): Promise<{ eventId: string; event: Record<string, unknown> }[]> {
    const rows = await db.query(`SELECT "event_id", "event" FROM "monitoring"."audit_outbox" WHERE "created_at" <= $1 ORDER BY "created_at" LIMIT $2`, [olderThan, limit]);
    return rows.map((r: { event_id: string; event: Record<string, unknown> }) => ({ eventId: r.event_id, event: r.event }));
  }

  async remove(db: Queryable, eventIds: readonly string[]): Promise<void> {
    if (eventIds.length) await db.query(`DELETE FROM "monitoring"."audit_outbox" WHERE "event_id" = ANY($1::uuid[])`, [eventIds]);
  }
}
