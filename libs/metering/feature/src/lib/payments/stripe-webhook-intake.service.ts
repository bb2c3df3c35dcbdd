import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BillingRepository } from '@consentry/metering-data-access';
import { QueueName, QueueService } from '@consentry/shared-queue';
import { PaymentsPort } from './payments.port';

/**
 * Receives a webhook: verifies its signature over the exact bytes, stores the event once (its
 * id is the key), and only after that commit enqueues its handling. Stripe retries until it
 * gets a 2xx, and the queue retries the handling, so nothing is lost and nothing runs twice.
 */
@Injectable()
export class StripeWebhookIntake {
  private readonly billing = new BillingRepository();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly payments: PaymentsPort,
    @Inject(QueueService) private readonly queues: QueueService,
  ) {}

  async receive(rawBody: Buffer, signature: string | undefined): Promise<{ eventId: string; duplicate: boolean }> {
    const event = this.payments.parseWebhook(rawBody, signature);
    const fresh = await this.billing.recordEvent(this.dataSource, { id: event.id, type: event.type, payload: event });
    // Enqueued again for a duplicate too: the first enqueue may have failed after the insert.
    await this.queues.add(QueueName.BillingSync, 'stripe-event', { eventId: event.id }, {
      jobId: `stripe-event-${event.id}`,
      attempts: 10,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    });
    return { eventId: event.id, duplicate: !fresh };
  }
}
