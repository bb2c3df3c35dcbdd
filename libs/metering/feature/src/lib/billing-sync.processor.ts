import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { QueueName, QueueService } from '@consentry/shared-queue';
import { METERING_CLOCK, METERING_SETTINGS, Clock, MeteringSettings } from './metering.tokens';
import { StripeEventProcessor } from './payments/stripe-event-processor.service';
import { UsageReporter } from './payments/usage-reporter.service';
import { ReconciliationService } from './reconciliation/reconciliation.service';

/**
 * The BillingSync worker of this replica, and the timers that enqueue periodic work. The
 * periodic jobs carry an id per time slot, so several replicas enqueue each slot once.
 */
@Injectable()
export class BillingSyncProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('BillingSync');
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    @Inject(QueueService) private readonly queues: QueueService,
    private readonly events: StripeEventProcessor,
    private readonly usage: UsageReporter,
    private readonly reconciliation: ReconciliationService,
    @Inject(METERING_SETTINGS) private readonly settings: MeteringSettings,
    @Inject(METERING_CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap() {
    if (this.settings.runJobs === false) return;
    this.queues.registerWorker(
      QueueName.BillingSync,
      {
        'stripe-event': ({ eventId }) => this.events.process(eventId),
        'report-usage': ({ organisationId, periodStart }) => this.usage.report(organisationId, periodStart),
        'sweep-usage': ({ asOf }) => this.usage.sweep(new Date(asOf)),
        'reconcile-ledger': async () => (await this.reconciliation.reconcileLedger()).findings.length,
        'reconcile-audit': async ({ from, to }) => (await this.reconciliation.reconcileAudit(new Date(from), new Date(to))).findings.length,
      },
      { concurrency: 2 },
    );
    this.every(this.settings.usageReportIntervalMs ?? 15 * 60_000, 'sweep-usage');
    this.every(this.settings.reconciliationIntervalMs ?? 60 * 60_000, 'reconcile-ledger');
  }

  onModuleDestroy() {
    this.timers.forEach(clearInterval);
  }

  private every(ms: number, job: 'sweep-usage' | 'reconcile-ledger') {
    const timer = setInterval(() => {
      const slot = Math.floor(this.clock.now().getTime() / ms);
      this.queues
        .add(QueueName.BillingSync, job, { asOf: this.clock.now().toISOString() }, { jobId: `${job}-${ms}-${slot}`, removeOnComplete: 100, removeOnFail: 100 })
        .catch((error: Error) => this.logger.warn({ msg: 'could not enqueue periodic job', job, error: error.message }));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
