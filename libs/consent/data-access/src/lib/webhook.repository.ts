import { DataSource, EntityManager } from 'typeorm';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface WebhookEndpoint {
  organisationId: string;
  url: string;
  secret: string;
}

export interface WebhookDelivery {
  id: string;
  organisationId: string;
  transitionId: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

interface DeliveryRow {
  id: string;
  organisation_id: string;
  transition_id: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  organisationId: r.organisation_id,
  transitionId: String(r.transition_id),
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
  deliveredAt: r.delivered_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

export class WebhookRepository {
  constructor(private readonly source: DataSource | EntityManager) {}

  async upsertEndpoint(e: WebhookEndpoint): Promise<void> {
    await this.source.query(
      `INSERT INTO "consent"."webhook_endpoints" (organisation_id, url, secret) VALUES ($1, $2, $3)
       ON CONFLICT (organisation_id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, updated_at = now()`,
      [e.organisationId, e.url, e.secret],
    );
  }

  async findEndpoint(organisationId: string): Promise<WebhookEndpoint | null> {
    const rows: { organisation_id: string; url: string; secret: string }[] = await this.source.query(
      `SELECT organisation_id, url, secret FROM "consent"."webhook_endpoints" WHERE organisation_id = $1`,
      [organisationId],
    );
    return rows[0] ? { organisationId: rows[0].organisation_id, url: rows[0].url, secret: rows[0].secret } : null;
  }

  /** A pending delivery for the organisation's endpoint, if it has one; in the caller's transaction. */
  async createDelivery(organisationId: string, transitionId: string): Promise<string | null> {
    const rows: { id: string }[] = await this.source.query(
      `INSERT INTO "consent"."webhook_deliveries" (organisation_id, transition_id, status)
       SELECT $1, $2, 'pending' WHERE EXISTS (SELECT 1 FROM "consent"."webhook_endpoints" WHERE organisation_id = $1)
       ON CONFLICT (organisation_id, transition_id) DO NOTHING RETURNING id`,
      [organisationId, transitionId],
    );
    return rows[0]?.id ?? null;
  }

  async find(id: string): Promise<WebhookDelivery | null> {
    const rows: DeliveryRow[] = await this.source.query(`SELECT * FROM "consent"."webhook_deliveries" WHERE id = $1`, [id]);
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  async recordAttempt(id: string, outcome: { ok: true } | { ok: false; error: string; dead: boolean }): Promise<void> {
    if (outcome.ok) {
      await this.source.query(
        `UPDATE "consent"."webhook_deliveries" SET status = 'delivered', attempts = attempts + 1, last_attempt_at = now(), delivered_at = now(), last_error = NULL WHERE id = $1`,
        [id],
      );
    } else {
      await this.source.query(
        `UPDATE "consent"."webhook_deliveries" SET status = $2, attempts = attempts + 1, last_attempt_at = now(), last_error = $3 WHERE id = $1`,
        [id, outcome.dead ? 'dead' : 'pending', outcome.error.slice(0, 500)],
      );
    }
  }

  /** Puts a dead delivery back in line; false if it is not the organisation's or not dead. */
  async requeue(id: string, organisationId: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, affected]: [unknown[], number] = await this.source.query(
      `UPDATE "consent"."webhook_deliveries" SET status = 'pending' WHERE id = $1 AND organisation_id = $2 AND status = 'dead'`,
      [id, organisationId],
    );
    return affected === 1;
  }

  async list(organisationId: string, status: DeliveryStatus | undefined, limit: number): Promise<WebhookDelivery[]> {
    const rows: DeliveryRow[] = await this.source.query(
      `SELECT * FROM "consent"."webhook_deliveries" WHERE organisation_id = $1 AND ($2::text IS NULL OR status = $2)
        ORDER BY created_at DESC LIMIT $3`,
      [organisationId, status ?? null, limit],
    );
    return rows.map(toDelivery);
  }

  /**
   * Pending deliveries with no attempt since `olderThan` (none at all: since they were created),
   * oldest first. Most are on the queue, waiting or between retries; the others were never
   * queued or fell off it (an enqueue the queue refused, a crash before it, a replay the queue
   * refused), and only the queue can tell which: the caller asks it about each.
   */
  async stalled(olderThan: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.source.query(
      `SELECT id FROM "consent"."webhook_deliveries" WHERE status = 'pending' AND COALESCE(last_attempt_at, created_at) < $1
        ORDER BY COALESCE(last_attempt_at, created_at) LIMIT $2`,
      [olderThan, limit],
    );
    return rows.map((r) => r.id);
  }
}
