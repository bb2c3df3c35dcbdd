import type { NotificationScope } from '@consentry/monitoring-domain';
import type { Queryable } from './queryable.types';
import { returnedRows } from './returning.util';

export interface NotificationSettings {
  citizenPseudonym: string;
  scope: NotificationScope;
  inbox: boolean;
  webhookUrl: string | null;
  webhookSecret: string | null;
  updatedAt: string;
}

export interface InboxItem {
  id: string;
  entryIndex: number;
  occurredAt: string;
  organisationId: string;
  operation: string;
  purpose: string;
  decision: string;
  fields: string[];
  sensitiveFields: string[];
  createdAt: string;
  readAt: string | null;
}

export type NewInboxItem = Omit<InboxItem, 'id' | 'readAt' | 'createdAt'> & { citizenPseudonym: string };

export interface WebhookDelivery {
  id: string;
  citizenPseudonym: string;
  entryIndex: number;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
}

export const NOTIFIER_CONSUMER = 'citizen-notifications';

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/**
 * Citizens' access notifications: opt-in settings, the notifier's cursor over the audit log,
 * entries held until their disclosure date, the in-portal inbox and the webhook outbox. Inbox and
 * outbox rows are unique per (citizen, entry): inserting one twice is a no-op.
 */
export class NotificationRepository {
  async saveSettings(db: Queryable, s: Omit<NotificationSettings, 'updatedAt'>, at: string): Promise<NotificationSettings> {
    const rows = await db.query(
      `INSERT INTO "monitoring"."notification_settings" ("citizen_pseudonym", "scope", "inbox", "webhook_url", "webhook_secret", "updated_at")
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ("citizen_pseudonym") DO UPDATE SET "scope" = EXCLUDED."scope", "inbox" = EXCLUDED."inbox",
         "webhook_url" = EXCLUDED."webhook_url", "webhook_secret" = EXCLUDED."webhook_secret", "updated_at" = EXCLUDED."updated_at"
       RETURNING *`,
      [s.citizenPseudonym, s.scope, s.inbox, s.webhookUrl, s.webhookSecret, at],
    );
    return toSettings(rows[0]);
  }

  async settings(db: Queryable, citizenPseudonym: string): Promise<NotificationSettings | null> {
    const rows = await db.query(`SELECT * FROM "monitoring"."notification_settings" WHERE "citizen_pseudonym" = $1`, [citizenPseudonym]);
    return rows.length ? toSettings(rows[0]) : null;
  }

  async settingsFor(db: Queryable, pseudonyms: string[]): Promise<Map<string, NotificationSettings>> {
    if (pseudonyms.length === 0) return new Map();
    const rows = await db.query(`SELECT * FROM "monitoring"."notification_settings" WHERE "citizen_pseudonym" = ANY($1::text[])`, [[...new Set(pseudonyms)]]);
    return new Map(rows.map((r: unknown) => toSettings(r)).map((s: NotificationSettings) => [s.citizenPseudonym, s]));
  }

  async optOut(db: Queryable, citizenPseudonym: string): Promise<boolean> {
    const rows = returnedRows(await db.query(`DELETE FROM "monitoring"."notification_settings" WHERE "citizen_pseudonym" = $1 RETURNING "citizen_pseudonym"`, [citizenPseudonym]));
    return rows.length === 1;
  }

  /** The next audit index to read, locked until the transaction ends so two consumers never overlap. */
  async lockCursor(db: Queryable, consumer = NOTIFIER_CONSUMER): Promise<number> {
    const rows = await db.query(`SELECT "next_index" FROM "monitoring"."notification_cursor" WHERE "consumer" = $1 FOR UPDATE`, [consumer]);
    return Number(rows[0].next_index);
  }

  async advanceCursor(db: Queryable, nextIndex: number, consumer = NOTIFIER_CONSUMER): Promise<void> {
    await db.query(`UPDATE "monitoring"."notification_cursor" SET "next_index" = $2 WHERE "consumer" = $1`, [consumer, nextIndex]);
  }

  async defer(db: Queryable, entryIndex: number, citizenPseudonym: string, discloseAt: string): Promise<void> {
    await db.query(
      `INSERT INTO "monitoring"."notification_deferred" ("entry_index", "citizen_pseudonym", "disclose_at") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [entryIndex, citizenPseudonym, discloseAt],
    );
  }

  /** Deferred entries whose disclosure time has come, removed in the caller's transaction. */
  async takeDueDeferred(db: Queryable, now: string, limit: number): Promise<{ entryIndex: number; citizenPseudonym: string }[]> {
    const rows = returnedRows(await db.query(`DELETE FROM "monitoring"."notification_deferred" WHERE ("entry_index", "citizen_pseudonym") IN (
         SELECT "entry_index", "citizen_pseudonym" FROM "monitoring"."notification_deferred" WHERE "disclose_at" <= $1 ORDER BY "disclose_at" LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING "entry_index", "citizen_pseudonym"`,
      [now, limit],
    ));
    return rows.map((r: { entry_index: string; citizen_pseudonym: string }) => ({ entryIndex: Number(r.entry_index), citizenPseudonym: r.citizen_pseudonym }));
  }

  /** True when inserted; false when this citizen was already told about this entry. */
  async addInboxItem(db: Queryable, item: NewInboxItem, at: string): Promise<boolean> {
    const rows = await db.query(
      `INSERT INTO "monitoring"."notification_inbox" ("citizen_pseudonym", "entry_index", "occurred_at", "organisation_id", "operation", "purpose", "decision", "fields", "sensitive_fields", "created_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9::text[], $10) ON CONFLICT DO NOTHING RETURNING "id"`,
      [item.citizenPseudonym, item.entryIndex, item.occurredAt, item.organisationId, item.operation, item.purpose, item.decision, item.fields, item.sensitiveFields, at],
    );
    return rows.length === 1;
  }

  /** The delivery's id when newly queued; null when one already exists for this citizen and entry. */
  async addWebhookDelivery(db: Queryable, d: { citizenPseudonym: string; entryIndex: number; payload: Record<string, unknown> }, at: string): Promise<string | null> {
    const rows = await db.query(
      `INSERT INTO "monitoring"."notification_webhook_deliveries" ("citizen_pseudonym", "entry_index", "payload", "created_at")
       VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT DO NOTHING RETURNING "id"`,
      [d.citizenPseudonym, d.entryIndex, JSON.stringify(d.payload), at],
    );
    return rows.length ? rows[0].id : null;
  }

  async inbox(db: Queryable, citizenPseudonym: string, options: { limit: number; beforeId?: string; unreadOnly?: boolean }): Promise<InboxItem[]> {
    const params: unknown[] = [citizenPseudonym];
    let where = `"citizen_pseudonym" = $1`;
    if (options.beforeId) where += ` AND "id" < $${params.push(options.beforeId)}::bigint`;
    if (options.unreadOnly) where += ` AND "read_at" IS NULL`;
    const rows = await db.query(`SELECT * FROM "monitoring"."notification_inbox" WHERE ${where} ORDER BY "id" DESC LIMIT $${params.push(options.limit)}`, params);
    return rows.map(toInboxItem);
  }

  async unreadCount(db: Queryable, citizenPseudonym: string): Promise<number> {
    const rows = await db.query(`SELECT count(*)::int AS n FROM "monitoring"."notification_inbox" WHERE "citizen_pseudonym" = $1 AND "read_at" IS NULL`, [citizenPseudonym]);
    return Number(rows[0].n);
  }

  /** Marks the citizen's own item read; false when no such item of theirs exists. */
  async markRead(db: Queryable, citizenPseudonym: string, id: string, at: string): Promise<boolean> {
    const rows = returnedRows(await db.query(`UPDATE "monitoring"."notification_inbox" SET "read_at" = COALESCE("read_at", $3) WHERE "id" = $2::bigint AND "citizen_pseudonym" = $1 RETURNING "id"`,
      [citizenPseudonym, id, at],
    ));
    return rows.length === 1;
  }

  async delivery(db: Queryable, id: string): Promise<WebhookDelivery | null> {
    const rows = await db.query(`SELECT * FROM "monitoring"."notification_webhook_deliveries" WHERE "id" = $1`, [id]);
    if (!rows.length) return null;
    const r = rows[0];
    return { id: r.id, citizenPseudonym: r.citizen_pseudonym, entryIndex: Number(r.entry_index), payload: r.payload, status: r.status, attempts: r.attempts };
  }

  async recordAttempt(db: Queryable, id: string, result: { ok: true; at: string } | { ok: false; error: string; dead: boolean }): Promise<void> {
    if (result.ok) {
      await db.query(`UPDATE "monitoring"."notification_webhook_deliveries" SET "status" = 'delivered', "attempts" = "attempts" + 1, "delivered_at" = $2, "last_error" = NULL WHERE "id" = $1`, [id, result.at]);
      return;
    }
    await db.query(
      `UPDATE "monitoring"."notification_webhook_deliveries" SET "attempts" = "attempts" + 1, "last_error" = $2, "status" = CASE WHEN $3::boolean THEN 'dead' ELSE "status" END WHERE "id" = $1 AND "status" = 'pending'`,
      [id, result.error, result.dead],
    );
  }

  /** Puts a citizen's dead webhook deliveries back to pending (their attempts keep counting); returns their ids. */
  async reviveDead(db: Queryable, citizenPseudonym: string, limit: number): Promise<string[]> {
    const rows = returnedRows(
      await db.query(
        `UPDATE "monitoring"."notification_webhook_deliveries" SET "status" = 'pending', "last_error" = NULL
          WHERE "id" IN (SELECT "id" FROM "monitoring"."notification_webhook_deliveries" WHERE "citizen_pseudonym" = $1 AND "status" = 'dead' ORDER BY "created_at" LIMIT $2)
          RETURNING "id"`,
        [citizenPseudonym, limit],
      ),
    );
    return rows.map((r: { id: string }) => r.id);
  }

  /** Pending deliveries older than `before`: their enqueue may have been lost between commit and queue. */
  async stalledDeliveries(db: Queryable, before: string, limit: number): Promise<string[]> {
    const rows = await db.query(
      `SELECT "id" FROM "monitoring"."notification_webhook_deliveries" WHERE "status" = 'pending' AND "created_at" < $1 ORDER BY "created_at" LIMIT $2`,
      [before, limit],
    );
    return rows.map((r: { id: string }) => r.id);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toSettings(r: any): NotificationSettings {
  return {
    citizenPseudonym: r.citizen_pseudonym,
    scope: r.scope,
    inbox: r.inbox,
    webhookUrl: r.webhook_url,
    webhookSecret: r.webhook_secret,
    updatedAt: iso(r.updated_at) as string,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toInboxItem(r: any): InboxItem {
  return {
    id: String(r.id),
    entryIndex: Number(r.entry_index),
    occurredAt: iso(r.occurred_at) as string,
    organisationId: r.organisation_id,
    operation: r.operation,
    purpose: r.purpose,
    decision: r.decision,
    fields: r.fields,
    sensitiveFields: r.sensitive_fields,
    createdAt: iso(r.created_at) as string,
    readAt: iso(r.read_at),
  };
}
