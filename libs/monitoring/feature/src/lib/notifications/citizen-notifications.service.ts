import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Clock } from '@consentry/audit-feature';
import { checkWebhookUrl } from '@consentry/consent-domain';
import { NotificationRepository } from '@consentry/monitoring-data-access';
import { ProblemException, ValidationProblem } from '@consentry/shared-http';
import { ensureEach } from '@consentry/shared-queue';
import { DATA_PROTECTION_CLOCK, DATA_PROTECTION_SETTINGS, DataProtectionSettings } from '../data-protection.settings';
import type { InboxDto, InboxQueryDto, NotificationSettingsDto, NotificationSettingsInputDto } from './notification.dto';
import { toInboxItemDto, toSettingsDto } from './notification.mapper';
import { NotificationWorker } from './notification-worker.service';

/** Most dead deliveries one replay call sends again (a citizen calls again for more). */
const REPLAY_LIMIT = 500;

/** A citizen's opt-in and inbox; every call is scoped to the caller's pseudonym. */
@Injectable()
export class CitizenNotificationsService {
  private readonly notifications = new NotificationRepository();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(DATA_PROTECTION_CLOCK) private readonly clock: Clock,
    @Inject(DATA_PROTECTION_SETTINGS) private readonly settings: DataProtectionSettings,
    private readonly worker: NotificationWorker,
  ) {}

  async save(citizen: string, input: NotificationSettingsInputDto): Promise<NotificationSettingsDto> {
    const url = input.webhookUrl ?? null;
    const checked = url ? checkWebhookUrl(url, { allowPrivateDestinations: this.settings.webhookAllowPrivateDestinations }) : undefined;
    if (checked && !checked.ok) throw new ValidationProblem([{ field: 'webhookUrl', message: checked.message }]);
    if (!input.inbox && !url) throw new ValidationProblem([{ field: 'inbox', message: 'choose the inbox, a webhookUrl, or both' }]);
    const previous = await this.notifications.settings(this.db, citizen);
    // A new secret whenever the URL changes, so a secret never follows a notification to a new receiver.
    const keep = previous?.webhookUrl === url && previous.webhookSecret;
    const secret = url ? (keep ? previous.webhookSecret : 'whsec_' + randomBytes(24).toString('base64url')) : null;
    const saved = await this.notifications.saveSettings(this.db, { citizenPseudonym: citizen, scope: input.scope, inbox: input.inbox, webhookUrl: url, webhookSecret: secret }, this.clock.now().toISOString());
    return toSettingsDto(saved, secret && !keep ? secret : undefined);
  }

  async get(citizen: string): Promise<NotificationSettingsDto> {
    const s = await this.notifications.settings(this.db, citizen);
    if (!s) throw new ProblemException(404, 'not-opted-in', 'Not opted in', 'You have not asked to be notified of accesses');
    return toSettingsDto(s);
  }

  async optOut(citizen: string): Promise<void> {
    if (!(await this.notifications.optOut(this.db, citizen))) throw new ProblemException(404, 'not-opted-in', 'Not opted in', 'You have not asked to be notified of accesses');
  }

  async inbox(citizen: string, query: InboxQueryDto): Promise<InboxDto> {
    const limit = query.limit ?? 20;
    const rows = await this.notifications.inbox(this.db, citizen, { limit: limit + 1, beforeId: query.before, unreadOnly: query.unread });
    const items = rows.slice(0, limit).map(toInboxItemDto);
    return { items, unread: await this.notifications.unreadCount(this.db, citizen), nextBefore: rows.length > limit ? items[items.length - 1].id : null };
  }

  async markRead(citizen: string, id: string): Promise<void> {
    // Another citizen's item and a missing one look the same.
    if (!(await this.notifications.markRead(this.db, citizen, id, this.clock.now().toISOString()))) {
      throw new ProblemException(404, 'notification-not-found', 'No such notification', `You have no notification ${id}`);
    }
  }

  /**
   * Sends the citizen's dead webhook deliveries again, to the webhook now set (after the receiver
   * was fixed). `pending`: how many of them the queue did not take now; they are pending again
   * all the same, and the stalled-delivery requeue queues them once the queue is back.
   */
  async replayDead(citizen: string): Promise<{ replayed: number; pending: number }> {
    const s = await this.notifications.settings(this.db, citizen);
    if (!s?.webhookUrl) throw new ProblemException(404, 'no-webhook', 'No webhook', 'You have no webhook to deliver notifications to');
    const ids = await this.notifications.reviveDead(this.db, citizen, REPLAY_LIMIT);
    // Stops at the first refusal: the queue is away, and the rest wait for the requeue too.
    const { taken } = await ensureEach(ids, (id) => this.worker.ensureQueued(id));
    return { replayed: ids.length, pending: ids.length - taken };
  }
}
