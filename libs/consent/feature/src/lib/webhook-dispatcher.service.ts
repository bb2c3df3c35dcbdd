import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { ConsentRepository, StoredTransition, WebhookRepository } from '@consentry/consent-data-access';
import { QueueName, QueueService } from '@consentry/shared-queue';
import { CONSENT_SETTINGS, ConsentSettings } from './consent.tokens';
import { postSignedWebhook } from './signed-webhook.util';

export function webhookBody(deliveryId: string, t: StoredTransition): string {
  return JSON.stringify({
    id: deliveryId,
    type: 'consent.state_changed',
    data: {
      consentId: t.consentId,
      sequence: t.sequence,
      action: t.action,
      fromState: t.fromState,
      toState: t.toState,
      grantedFields: t.grantedFields,
      at: t.at,
      receiptId: t.receiptId,
      receipt: t.receiptJws,
    },
  });
}

/**
 * Delivers consent state changes to organisations' webhooks through BullMQ: retries with
 * exponential back-off; after the last attempt the delivery is dead (the dead-letter list) and
 * can be replayed. At least once: receivers deduplicate by the delivery id.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit {
  private readonly logger = new Logger('WebhookDispatcher');
  private readonly deliveries: WebhookRepository;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONSENT_SETTINGS) private readonly settings: ConsentSettings,
    private readonly queues: QueueService,
  ) {
    this.deliveries = new WebhookRepository(dataSource);
  }

  onModuleInit() {
    const worker = this.queues.registerWorker(QueueName.ConsentWebhooks, {
      'deliver-webhook': async ({ deliveryId }, job) => this.deliver(deliveryId, job),
    });
    worker.on('failed', (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        void this.deliveries.recordAttempt(job.data.deliveryId, { ok: false, error: error.message, dead: true });
      }
    });
  }

  /** Puts a delivery on the queue (after the transaction that created it has committed). */
  async dispatch(deliveryId: string | null, jobId = deliveryId ?? undefined): Promise<void> {
    if (!deliveryId) return;
    try {
      await this.queues.add(QueueName.ConsentWebhooks, 'deliver-webhook', { deliveryId }, {
        jobId,
        attempts: this.settings.webhookMaxAttempts,
        backoff: { type: 'exponential', delay: this.settings.webhookBackoffMs },
        removeOnComplete: true,
        removeOnFail: 1000,
      });
    } catch (error) {
      // The delivery row stays pending; the periodic sweep enqueues it again.
      this.logger.warn({ msg: 'webhook enqueue failed', deliveryId, error: (error as Error).message });
    }
  }

  async replay(deliveryId: string, organisationId: string): Promise<boolean> {
    if (!(await this.deliveries.requeue(deliveryId, organisationId))) return false;
    await this.dispatch(deliveryId, `${deliveryId}-replay-${Date.now()}`);
    return true;
  }

  private async deliver(deliveryId: string, job: Job): Promise<void> {
    const delivery = await this.deliveries.find(deliveryId);
    if (!delivery || delivery.status === 'delivered') return;
    const endpoint = await this.deliveries.findEndpoint(delivery.organisationId);
    const transition = await new ConsentRepository(this.dataSource).findTransition(delivery.transitionId);
    if (!endpoint || !transition) return;
    const error = await postSignedWebhook(endpoint.url, endpoint.secret, deliveryId, webhookBody(deliveryId, transition), {
      allowPrivateDestinations: this.settings.webhookAllowPrivateDestinations,
    });
    if (!error) {
      await this.deliveries.recordAttempt(deliveryId, { ok: true });
      return;
    }
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!last) await this.deliveries.recordAttempt(deliveryId, { ok: false, error, dead: false });
    throw new Error(error);
  }
}
