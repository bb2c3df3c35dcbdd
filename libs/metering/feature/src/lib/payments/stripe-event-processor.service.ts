import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BillingRepository } from '@consentry/metering-data-access';
import { MeteringMetrics } from '../metering.metrics';
import { Clock, METERING_CLOCK } from '../metering.tokens';
import { PaymentEvent } from './payments.port';
import { STRIPE_EVENT_HANDLERS, StripeEventHandler } from './stripe-events/stripe-event-handler';

/** Dispatches a stored event to the one handler of its type, in one transaction, once. */
@Injectable()
export class StripeEventProcessor implements OnModuleInit {
  private readonly logger = new Logger('StripeEventProcessor');
  private readonly billing = new BillingRepository();
  private readonly byType = new Map<string, StripeEventHandler>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE_EVENT_HANDLERS) private readonly handlers: StripeEventHandler[],
    private readonly metrics: MeteringMetrics,
    @Inject(METERING_CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit() {
    for (const h of this.handlers) {
      if (this.byType.has(h.type)) throw new Error(`two handlers for Stripe event type ${h.type}`);
      this.byType.set(h.type, h);
    }
  }

  get handledTypes(): string[] {
    return [...this.byType.keys()].sort();
  }

  async process(eventId: string): Promise<string> {
    const outcome = await this.dataSource.transaction(async (m) => {
      const stored = await this.billing.claimEvent(m, eventId);
      if (!stored) return 'skipped: unknown or already processed';
      const event = stored.payload as PaymentEvent;
      const handler = this.byType.get(stored.type);
      const result = handler ? await handler.handle(event, m) : 'ignored: no handler for this type';
      await this.billing.markEventProcessed(m, eventId, result, this.clock.now());
      this.metrics.webhookEvents.inc({ type: stored.type, outcome: result.split(':')[0] });
      return result;
    });
    this.logger.log({ msg: 'stripe event handled', eventId, outcome });
    return outcome;
  }
}
