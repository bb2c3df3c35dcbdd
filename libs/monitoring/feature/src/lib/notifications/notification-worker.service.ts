import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import type { Clock } from '@consentry/audit-feature';
import { postSignedWebhook, webhookDeliveryJob } from '@consentry/consent-feature';
import { NotificationRepository } from '@consentry/monitoring-data-access';
import { EnqueueOutcome, QueueName, QueueService, ensureEach } from '@consentry/shared-queue';
import { DATA_PROTECTION_CLOCK, DATA_PROTECTION_SETTINGS, DataProtectionSettings } from '../data-protection.settings';
import { CitizenNotifier } from './citizen-notifier.service';

export const NOTIFICATION_EVENT_TYPE = 'citizen.data_accessed';

/** A pending delivery older than this is looked up on the queue by the stalled-delivery requeue. */
const STALLED_AFTER_MS = 60_000;
/** Longest a caller waits for the queue to take a delivery; after that the requeue sees to it. */
const ENQUEUE_WAIT_MS = 5_000;

/**
 * The citizen-notifications queue: a repeatable 'consume-audit' job runs the notifier; on the
 * webhooks queue 'deliver-webhook' jobs POST each outbox row, signed as consent webhooks are, with exponential
 * back-off; after the last attempt the delivery is dead. At least once on the wire: receivers
 * deduplicate by the delivery id (body `id`, header Consentry-Delivery-Id).
 *
 * A delivery has one job id, `notify-<id>`, replays included: so the requeue can ask the queue
 * whether a pending delivery has a job, and adding it while it does is a no-op (BullMQ ignores an
 * add under an id it holds, failed jobs kept by removeOnFail included).
 */
@Injectable()
export class NotificationWorker implements OnApplicationBootstrap {
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
    for (const id of r.deliveryIds) {
      if (!(await this.dispatch(id))) break; // the queue is away: the rest wait for the requeue
    }
    const now = this.clock.now().getTime();
    if (now - this.lastRequeue > STALLED_AFTER_MS) {
      this.lastRequeue = now;
      await this.requeueStalled();
    }
    return { entriesRead: r.entriesRead, inboxItems: r.inboxItems, deliveries: r.deliveryIds.length };
  }

  /**
   * Queues the pending deliveries older than a minute that have no job: the queue refused them
   * (a first delivery or a replay), or the process stopped between the commit and the enqueue.
   * Returns how many it queued.
   */
  async requeueStalled(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - STALLED_AFTER_MS).toISOString();
    const stalled = await this.notifications.stalledDeliveries(this.db, before, 200);
    // Stops at the first refusal: the queue is away, and the next run tries again.
    return (await ensureEach(stalled, (id) => this.ensureQueued(id))).added;
  }

  /** Queues a new delivery; false when the queue refused it (the row stays pending for the requeue). */
  dispatch(deliveryId: string): Promise<boolean> {
    return this.queues.addWithin('notification enqueue', notificationJobId(deliveryId), () => this.enqueue(deliveryId), ENQUEUE_WAIT_MS);
  }

  /**
   * Makes sure a pending delivery has a job that will run. A waiting, delayed or active job is
   * left alone; a finished one (the job that died before a replay, or one whose dead mark was
   * lost) is removed, so that the delivery's job id can be added again.
   */
  ensureQueued(deliveryId: string): Promise<EnqueueOutcome> {
    return this.queues.ensureJobWithin('notification enqueue', QueueName.CitizenNotificationWebhooks, notificationJobId(deliveryId), () => this.enqueue(deliveryId), ENQUEUE_WAIT_MS);
  }

  private async enqueue(deliveryId: string): Promise<void> {
    await this.queues.add(QueueName.CitizenNotificationWebhooks, 'deliver-webhook', { deliveryId }, webhookDeliveryJob(notificationJobId(deliveryId), this.settings));
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
      await this.notifications.recordAttempt(this.db, deliveryId, { ok: true, at: this.clock.now().toISOString() });
      return;
    }
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!last) await this.notifications.recordAttempt(this.db, deliveryId, { ok: false, error, dead: false });
    throw new Error(error);
  }
}

const notificationJobId = (deliveryId: string) => `notify-${deliveryId}`;
