import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsService } from '@consentry/shared-observability';
import { QueueName, QueueService } from '@consentry/shared-queue';
import { CaseAuditTrail } from '../cases/case-audit-trail.service';
import { DisputeCases } from '../cases/dispute-cases.service';
import { MONITORING_SETTINGS, type MonitoringSettings } from './monitoring-config';
import { MisuseDetection } from './misuse-detection.service';

export interface MonitoringRun {
  entries: number;
  alertsRaised: number;
  lag: number;
  casesOpened: number;
  auditEventsSent: number;
}

/**
 * The monitoring consumer of this replica: one BullMQ job scheduler shared by all replicas runs
 * 'detect-misuse' every interval; a run consumes audit entries until caught up (or a batch
 * budget), opens cases for new disputes and re-sends case-action audit events left behind.
 */
@Injectable()
export class MonitoringProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('MisuseMonitor');
  private readonly lag: Gauge;
  private readonly consumed: Counter;
  private readonly raised: Counter;
  private readonly held: Gauge;
  private lastBaselineAt = 0;

  constructor(
    private readonly queues: QueueService,
    private readonly detection: MisuseDetection,
    private readonly disputes: DisputeCases,
    private readonly trail: CaseAuditTrail,
    @Inject(MONITORING_SETTINGS) private readonly settings: MonitoringSettings,
    metrics: MetricsService,
  ) {
    this.lag = new Gauge({ name: 'monitoring_cursor_lag_entries', help: 'Audit entries sequenced but not yet evaluated by the misuse monitor', registers: [metrics.registry] });
    this.consumed = new Counter({ name: 'monitoring_entries_evaluated_total', help: 'Audit entries consumed by the misuse monitor', registers: [metrics.registry] });
    this.held = new Gauge({ name: 'monitoring_window_groups_held', help: "Rule groups of open windows the misuse monitor holds in memory (this replica)", registers: [metrics.registry] });
    this.raised = new Counter({ name: 'monitoring_alerts_raised_total', help: 'Alerts stored by the misuse monitor', registers: [metrics.registry] });
  }

  async onApplicationBootstrap() {
    this.queues.registerWorker(QueueName.Monitoring, { 'detect-misuse': () => this.run() }, { concurrency: 1 });
    await this.queues
      .queue(QueueName.Monitoring)
      .upsertJobScheduler('misuse-detection', { every: this.settings.intervalMs }, { name: 'detect-misuse', data: { reason: 'schedule' }, opts: { removeOnComplete: 100, removeOnFail: 100 } });
    this.logger.log({ msg: 'misuse detection scheduled', everyMs: this.settings.intervalMs, ruleSet: this.settings.rules.version });
  }

  /** One run (also what the job does); exposed for tests and the replay bench. */
  async run(): Promise<MonitoringRun> {
    if (Date.now() - this.lastBaselineAt >= this.settings.baselineRefreshMs) {
      this.lastBaselineAt = Date.now();
      const organisations = await this.detection.learnBaselines();
      this.logger.log({ msg: 'volume baselines learned', organisations, days: this.settings.baselineDays });
    }
    const run: MonitoringRun = { entries: 0, alertsRaised: 0, lag: 0, casesOpened: 0, auditEventsSent: 0 };
    for (let i = 0; i < this.settings.maxBatchesPerRun; i++) {
      const pass = await this.detection.runOnce();
      run.entries += pass.to - pass.from;
      run.alertsRaised += pass.alertsRaised;
      run.lag = pass.lag;
      if (pass.to === pass.from || pass.lag === 0) break;
    }
    this.lag.set(run.lag);
    this.held.set(this.detection.heldGroups());
    this.consumed.inc(run.entries);
    this.raised.inc(run.alertsRaised);
    run.casesOpened = await this.disputes.openPending();
    run.auditEventsSent = await this.trail.deliver(new Date(Date.now() - 5000));
    if (run.entries || run.casesOpened) this.logger.log({ msg: 'misuse detection', ...run });
    return run;
  }
}
