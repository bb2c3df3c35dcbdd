import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import type { Clock } from '@consentry/audit-feature';
import { postSignedWebhook } from '@consentry/consent-feature';
import { NotificationRepository } from '@consentry/monitoring-data-access';
import { QueueName, QueueService } from '@consentry/shared-queue';
import { DATA_PROTECTION_CLOCK, DATA_PROTECTION_SETTINGS, DataProtectionSettings } from '../data-protection.settings';
import { CitizenNotifier } from './citizen-notifier.service';

export const NOTIFICATION_EVENT_TYPE = 'citizen.data_accessed';

/**
 * The citizen-notifications queue: a repeatable 'consume-audit' job runs the notifier; on the
 * webhooks queue 'deliver-webhook' jobs POST each outbox row, signed as consent webhooks are, with exponential
 * back-off; after the last attempt the delivery is dead. At least once on the wire: receivers
 * deduplicate by the delivery id (body `id`, header Consentry-Delivery-Id).
 */
@Injectable()
export class NotificationWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('CitizenNotifications');
  private readonly notifications = new NotificationRepository();
  private lastRequeue = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(DATA_PROTECTION_CLOCK) private readonly clock: Clock,
    @Inject(DATA_PROTECTION_SETTINGS) private readonly settings: DataProtectionSettings,
    private readonly queues: QueueService,
    private readonly notifier: CitizenNotifier,
  ) {}

  async onApplicationBootstrap() {
    this.queues.registerWorker(QueueName.CitizenNotifications, { 'consume-audit': async () => this.runOnce() });
    // Deliveries on their own queue: a slow schedule on the consumer's queue must not hold them back.
    const worker = this.queues.registerWorker(QueueName.CitizenNotificationWebhooks, { 'deliver-webhook': async ({ deliveryId }, job) => this.deliver(deliveryId, job) });
    worker.on('failed', (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        void this.notifications.recordAttempt(this.db, job.data.deliveryId, { ok: false, error: error.message, dead: true }).catch(() => undefined);
      }
    });
    await this.queues
      .queue(QueueName.CitizenNotifications)
      .upsertJobScheduler('citizen-notifications', { every: this.settings.notificationPollMs }, { name: 'consume-audit', data: { reason: 'schedule' }, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }

  /** Notify up to the end of the log, then queue the new webhook deliveries (after the commit). */
  async runOnce(): Promise<{ entriesRead: number; inboxItems: number; deliveries: number }> {
    const r = await this.notifier.consume();
    for (const id of r.deliveryIds) await this.dispatch(id);
    if (Date.now() - this.lastRequeue > 60_000) {
      this.lastRequeue = Date.now();
      const stalled = await this.notifications.stalledDeliveries(this.db, new Date(this.clock.now().getTime() - 60_000).toISOString(), 200);
      for (const id of stalled) await this.dispatch(id);
    }
    return { entriesRead: r.entriesRead, inboxItems: r.inboxItems, deliveries: r.deliveryIds.length };
  }

  /**
   * Queues a delivery. A replay (of a delivery that died) needs a job id of its own: the failed
   * job keeps the delivery's id, and BullMQ would ignore a second job under it.
   */
  async dispatch(deliveryId: string, replay?: string): Promise<void> {
    try {
      await this.queues.add(QueueName.CitizenNotificationWebhooks, 'deliver-webhook', { deliveryId }, {
        jobId: replay ? `notify-${deliveryId}-replay-${replay}` : `notify-${deliveryId}`,
        attempts: this.settings.webhookMaxAttempts,
        backoff: { type: 'exponential', delay: this.settings.webhookBackoffMs },
        removeOnComplete: true,
        removeOnFail: 1000,
      });
    } catch (error) {
      // The outbox row stays pending; the stalled-delivery requeue picks it up again.
      this.logger.warn({ msg: 'notification enqueue failed', deliveryId, error: (error as Error).message });
    }
  }

  private async deliver(deliveryId: string, job: Job): Promise<void> {
    const delivery = await this.notifications.delivery(this.db, deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    const settings = await this.notifications.settings(this.db, delivery.citizenPseudonym);
    if (!settings?.webhookUrl || !settings.webhookSecret) {
      await this.notifications.recordAttempt(this.db, deliveryId, { ok: false, error: 'webhook removed', dead: true });
      return;
    }
    const body = JSON.stringify({ id: deliveryId, type: NOTIFICATION_EVENT_TYPE, data: delivery.payload });
    const error = await postSignedWebhook(settings.webhookUrl, settings.webhookSecret, deliveryId, body, {
      allowPrivateDestinations: this.settings.webhookAllowPrivateDestinations,
    });
    if (!error) {
      await this.notifications.recordAttempt(this.db, deliveryId, { ok: true, at: new Date().toISOString() });
      return;
    }
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!last) await this.notifications.recordAttempt(this.db, deliveryId, { ok: false, error, dead: false });
    throw new Error(error);
  }
}
