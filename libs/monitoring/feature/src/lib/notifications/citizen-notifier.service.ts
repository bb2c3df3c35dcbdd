import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditStreamReader, type Clock, type StreamEntryRow } from '@consentry/audit-feature';
import { NotificationRepository, NotificationSettings } from '@consentry/monitoring-data-access';
import { notificationDecision } from '@consentry/monitoring-domain';
import { SENSITIVE_FIELDS } from '@consentry/population-domain';
import { DATA_PROTECTION_CLOCK, DATA_PROTECTION_SETTINGS, DataProtectionSettings } from '../data-protection.settings';

/** Operations that read a citizen's data; consent changes and bare policy decisions are not accesses. */
const ACCESS_OPERATIONS = ['verify', 'lookup', 'batch'];

export interface ConsumeResult {
  entriesRead: number;
  inboxItems: number;
  deferred: number;
  /** Webhook deliveries created; enqueue them after the commit. */
  deliveryIds: string[];
}

/**
 * Reads the audit log after its own cursor and notifies opted-in citizens of accesses to their
 * data. One transaction moves the cursor and writes the inbox and outbox rows, so a crash or a
 * re-run never notifies twice nor skips an entry; the cursor row is locked, so two replicas
 * never read the same batch. Entries with a disclosure date in the future wait in
 * `notification_deferred` and are released, in a later run, once the date has passed.
 */
@Injectable()
export class CitizenNotifier {
  private readonly notifications = new NotificationRepository();
  private readonly stream = new AuditStreamReader();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(DATA_PROTECTION_CLOCK) private readonly clock: Clock,
    @Inject(DATA_PROTECTION_SETTINGS) private readonly settings: DataProtectionSettings,
  ) {}

  /** One batch from the cursor plus due deferred entries; callers loop while `entriesRead` is a full batch. */
  async consumeBatch(): Promise<ConsumeResult> {
    const now = this.clock.now().toISOString();
    return this.db.transaction(async (m) => {
      const result: ConsumeResult = { entriesRead: 0, inboxItems: 0, deferred: 0, deliveryIds: [] };
      const from = await this.notifications.lockCursor(m);
      const to = Math.min(await this.stream.size(m), from + this.settings.notificationBatchSize);
      const entries = await this.stream.range(m, from, to, ACCESS_OPERATIONS);
      result.entriesRead = Math.max(0, to - from);
      const released = await this.releaseDue(m, now);
      const candidates = [...released, ...entries].filter((e) => e.citizenPseudonym && e.decision === 'allow');
      const settings = await this.notifications.settingsFor(m, candidates.map((e) => e.citizenPseudonym as string));
      for (const entry of candidates) {
        const s = settings.get(entry.citizenPseudonym as string);
        if (s) await this.notify(m, entry, s, now, result);
      }
      if (to > from) await this.notifications.advanceCursor(m, to);
      return result;
    });
  }

  /** Runs batches until the log is caught up. */
  async consume(): Promise<ConsumeResult> {
    const total: ConsumeResult = { entriesRead: 0, inboxItems: 0, deferred: 0, deliveryIds: [] };
    for (;;) {
      const r = await this.consumeBatch();
      total.entriesRead += r.entriesRead;
      total.inboxItems += r.inboxItems;
      total.deferred += r.deferred;
      total.deliveryIds.push(...r.deliveryIds);
      if (r.entriesRead < this.settings.notificationBatchSize) return total;
    }
  }

  private async releaseDue(m: EntityManager, now: string): Promise<StreamEntryRow[]> {
    const due = await this.notifications.takeDueDeferred(m, now, this.settings.notificationBatchSize);
    const released: StreamEntryRow[] = [];
    for (const d of due) {
      const [entry] = await this.stream.range(m, d.entryIndex, d.entryIndex + 1, ACCESS_OPERATIONS);
      if (entry && entry.index === d.entryIndex && entry.citizenPseudonym === d.citizenPseudonym) released.push(entry);
    }
    return released;
  }

  private async notify(m: EntityManager, entry: StreamEntryRow, s: NotificationSettings, now: string, result: ConsumeResult): Promise<void> {
    const citizen = entry.citizenPseudonym as string;
    const disclosureAfter = entry.disclosureAfterMs === null ? null : new Date(entry.disclosureAfterMs).toISOString();
    const decision = notificationDecision({ ...entry, disclosureAfter }, s.scope, SENSITIVE_FIELDS, now);
    if (decision.action === 'skip') return;
    if (decision.action === 'defer') {
      await this.notifications.defer(m, entry.index, citizen, decision.until);
      result.deferred += 1;
      return;
    }
    const data = {
      entryIndex: entry.index,
      occurredAt: new Date(entry.occurredAtMs).toISOString(),
      organisationId: entry.organisationId,
      operation: entry.operation,
      purpose: entry.purpose,
      decision: entry.decision,
      fields: entry.fields,
      sensitiveFields: decision.sensitiveFields,
    };
    if (s.inbox && (await this.notifications.addInboxItem(m, { citizenPseudonym: citizen, ...data }, now))) result.inboxItems += 1;
    if (s.webhookUrl) {
      const id = await this.notifications.addWebhookDelivery(m, { citizenPseudonym: citizen, entryIndex: entry.index, payload: data }, now);
      if (id) result.deliveryIds.push(id);
    }
  }
}
