import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { ConsentRepository, StoredTransition, WebhookRepository } from '@consentry/consent-data-access';
import { EnqueueOutcome, QueueName, QueueService } from '@consentry/shared-queue';
import { CONSENT_SETTINGS, ConsentSettings } from './consent.tokens';
import { postSignedWebhook, webhookDeliveryJob } from './signed-webhook.util';

/** Longest a request waits for the queue to take a delivery; after that the sweep sees to it. */
const ENQUEUE_WAIT_MS = 5_000;

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

/** What a replay did: the delivery is on the queue, or pending until the sweep queues it. */
export type ReplayOutcome = 'queued' | 'pending';

/**
 * Delivers consent state changes to organisations' webhooks through BullMQ: retries with
 * exponential back-off; after the last attempt the delivery is dead (the dead-letter list) and
 * can be replayed. At least once: receivers deduplicate by the delivery id.
 *
 * A delivery has one job id, its own, replays included: so the sweep can ask the queue whether a
 * pending delivery has a job, and adding it again while it does is a no-op (BullMQ ignores an add
 * under an id it holds, in any state, failed ones kept by removeOnFail included).
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
        const deliveryId = job.data.deliveryId;
        // If this write is lost the delivery stays pending behind a failed job: the sweep gives it a new one.
        this.deliveries.recordAttempt(deliveryId, { ok: false, error: error.message, dead: true }).catch((e: Error) =>
          this.logger.warn({ msg: 'webhook dead-letter write failed', deliveryId, error: e.message }),
        );
      }
    });
  }

  /**
   * Puts a new delivery on the queue (after the transaction that created it has committed).
   * False when the queue refused it: the row stays pending and the sweep queues it later.
   */
  async dispatch(deliveryId: string | null): Promise<boolean> {
    if (!deliveryId) return false;
    return this.queues.addWithin('webhook enqueue', deliveryId, () => this.enqueue(deliveryId), ENQUEUE_WAIT_MS);
  }

  /** Sends a dead delivery again; null when it is not the organisation's or not dead. */
  async replay(deliveryId: string, organisationId: string): Promise<ReplayOutcome | null> {
    if (!(await this.deliveries.requeue(deliveryId, organisationId))) return null;
    return (await this.ensureQueued(deliveryId)) === 'refused' ? 'pending' : 'queued';
  }

  /**
   * Makes sure a pending delivery has a job that will run. A waiting, delayed or active job is
   * left alone; a finished one (the job that died before a replay, or one whose dead-letter
   * write was lost) is removed, so that the delivery's id can be added again.
   */
  ensureQueued(deliveryId: string): Promise<EnqueueOutcome> {
    return this.queues.ensureJobWithin('webhook enqueue', QueueName.ConsentWebhooks, deliveryId, () => this.enqueue(deliveryId), ENQUEUE_WAIT_MS);
  }

  private async enqueue(deliveryId: string): Promise<void> {
    await this.queues.add(QueueName.ConsentWebhooks, 'deliver-webhook', { deliveryId }, webhookDeliveryJob(deliveryId, this.settings));
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
