import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { usageEventIdentifier } from '@consentry/metering-domain';
import { addDays, startOfVietnamDay, vietnamDate } from '@consentry/shared-vietnam-time';
import { BillingRepository, LedgerReportRepository } from '@consentry/metering-data-access';
import { QueueName, QueueService } from '@consentry/shared-queue';
import { Clock, METERING_CLOCK } from '../metering.tokens';
import { PaymentsPort } from './payments.port';

/** Stripe accepts meter events up to 35 days old; look back a little less. */
const LOOKBACK_DAYS = 30;
/** A day is reported once it has been over for this long (late charges of that day settle first). */
const GRACE_MS = 3_600_000;

/** The queue's id for the report of one organisation-day: one such job queued at a time. */
export function usageReportJobId(organisationId: string, day: string): string {
  return `report-usage-${organisationId}-${day}`;
}

/**
 * Reports each organisation's usage of each closed Vietnam day to Stripe as one meter event
 * (value = VND charged), identified deterministically, so a retry is the same event.
 */
@Injectable()
export class UsageReporter {
  private readonly logger = new Logger('UsageReporter');
  private readonly billing = new BillingRepository();
  private readonly reports = new LedgerReportRepository();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly payments: PaymentsPort,
    @Inject(QueueService) private readonly queues: QueueService,
    @Inject(METERING_CLOCK) private readonly clock: Clock,
  ) {}

  /** Enqueues a report for every organisation-day that is closed and not reported yet. */
  async sweep(asOf: Date = this.clock.now()): Promise<number> {
    if (!this.payments.enabled) return 0;
    const lastClosedDay = addDays(vietnamDate(new Date(asOf.getTime() - GRACE_MS)), -1);
    const to = startOfVietnamDay(addDays(lastClosedDay, 1));
    const from = startOfVietnamDay(addDays(lastClosedDay, -LOOKBACK_DAYS));
    const due = await this.billing.unreportedDays(this.dataSource, from, to);
    const queue = this.queues.queue(QueueName.BillingSync);
    for (const d of due) {
      const jobId = usageReportJobId(d.organisationId, d.day);
      // The queue skips a job whose id it still holds. An earlier job for this day that failed
      // every attempt (Stripe down for longer than its back-off), or that ended without a report
      // (no customer then), is kept, and would block the day for good: the day is still
      // unreported, so that job goes and this one is queued.
      const earlier = await queue.getJob(jobId);
      if (earlier && ['failed', 'completed'].includes(await earlier.getState())) await earlier.remove();
      await this.queues.add(QueueName.BillingSync, 'report-usage', { organisationId: d.organisationId, periodStart: d.day }, {
        jobId,
        attempts: 8,
        backoff: { type: 'exponential', delay: 5_000 },
        removeOnComplete: 1000,
      });
    }
    return due.length;
  }

  async report(organisationId: string, day: string): Promise<'reported' | 'already reported' | 'no customer' | 'nothing to report'> {
    const identifier = usageEventIdentifier(organisationId, day);
    if (await this.billing.usageReported(this.dataSource, identifier)) return 'already reported';
    const customerId = await this.billing.customerOf(this.dataSource, organisationId);
    if (!customerId) return 'no customer';
    const from = startOfVietnamDay(day);
    const to = startOfVietnamDay(addDays(day, 1));
    const usage = await this.reports.usageOfDay(this.dataSource, organisationId, from, to);
    const amount = BigInt(usage.amountVnd);
    if (amount > 0n) {
      await this.payments.reportUsage({ identifier, customerId, amountVnd: amount, fields: BigInt(usage.units), timestamp: new Date(to.getTime() - 1000) });
    }
    await this.billing.saveUsageReport(this.dataSource, { identifier, organisationId, day, units: usage.units, amountVnd: usage.amountVnd });
    this.logger.log({ msg: 'usage reported', organisationId, day, charges: usage.charges });
    return amount > 0n ? 'reported' : 'nothing to report';
  }
}
