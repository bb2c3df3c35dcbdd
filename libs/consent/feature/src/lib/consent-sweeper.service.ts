import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WebhookRepository } from '@consentry/consent-data-access';
import { QueueName, QueueService } from '@consentry/shared-queue';
import { CONSENT_SETTINGS, ConsentSettings } from './consent.tokens';
import { ConsentLifecycle } from './consent-lifecycle.service';
import { WebhookDispatcher } from './webhook-dispatcher.service';

/**
 * Expires unanswered requests and consents past their end, on a BullMQ repeatable job (one
 * schedule shared by all replicas). Being late never extends a consent: whether a consent is in
 * force is decided from its dates at read time; the sweep records the EXPIRED transition.
 * It also re-enqueues webhook deliveries whose enqueue was lost between commit and queue.
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

  private async requeueStalled(): Promise<number> {
    const stalled = await new WebhookRepository(this.dataSource).stalled(new Date(Date.now() - 60_000), 500);
    for (const id of stalled) await this.dispatcher.dispatch(id);
    return stalled.length;
  }
}
