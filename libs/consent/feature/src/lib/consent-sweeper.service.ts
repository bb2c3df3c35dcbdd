import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WebhookRepository } from '@consentry/consent-data-access';
import { QueueName, QueueService, ensureEach } from '@consentry/shared-queue';
import { CLOCK, CONSENT_SETTINGS, Clock, ConsentSettings } from './consent.tokens';
import { ConsentLifecycle } from './consent-lifecycle.service';
import { WebhookDispatcher } from './webhook-dispatcher.service';

/**
 * A pending delivery with no attempt for this long is looked up on the queue. Those still on it
 * (behind a backlog, or between retries longer than this) are left alone, so this only bounds
 * how soon a delivery the queue refused is queued again.
 */
const STALLED_AFTER_MS = 60_000;
/** Most stalled deliveries looked up per sweep; the rest wait for the next one. */
const STALLED_BATCH = 500;

/**
 * Expires unanswered requests and consents past their end, on a BullMQ repeatable job (one
 * schedule shared by all replicas). Being late never extends a consent: whether a consent is in
 * force is decided from its dates at read time; the sweep records the EXPIRED transition.
 * It also queues again webhook deliveries left pending with no job: the queue refused them (a
 * first delivery or a replay), or the process stopped between the commit and the enqueue.
 */
@Injectable()
export class ConsentSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger('ConsentSweeper');

  constructor(
    private readonly queues: QueueService,
    private readonly lifecycle: ConsentLifecycle,
    private readonly dispatcher: WebhookDispatcher,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONSENT_SETTINGS) private readonly settings: ConsentSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap() {
    this.queues.registerWorker(QueueName.ExpirySweeps, {
      'sweep-expired': async () => ({ expired: await this.lifecycle.expireDue(), requeued: await this.requeueStalled() }),
    });
    await this.queues
      .queue(QueueName.ExpirySweeps)
      .upsertJobScheduler('consent-expiry', { every: this.settings.expirySweepMs }, { name: 'sweep-expired', data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
    this.logger.log({ msg: 'expiry sweep scheduled', everyMs: this.settings.expirySweepMs });
  }

  /** Queues the stalled pending deliveries that have no job; returns how many it queued. */
  async requeueStalled(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - STALLED_AFTER_MS);
    const stalled = await new WebhookRepository(this.dataSource).stalled(before, STALLED_BATCH);
    // Stops at the first refusal: the queue is away, and the next sweep tries again.
    return (await ensureEach(stalled, (id) => this.dispatcher.ensureQueued(id))).added;
  }
}
