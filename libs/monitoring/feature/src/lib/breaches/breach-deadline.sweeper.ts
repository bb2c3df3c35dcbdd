import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Clock } from '@consentry/audit-feature';
import { BreachDeadlineEventRepository, BreachRepository } from '@consentry/monitoring-data-access';
import { BREACH_REMINDER_POLICY_V1, dueBreachEvent, type BreachReminderPolicy } from '@consentry/monitoring-domain';
import { QueueName, QueueService } from '@consentry/shared-queue';
import { DATA_PROTECTION_CLOCK, DATA_PROTECTION_SETTINGS, DataProtectionSettings } from '../data-protection.settings';

export interface SweepResult {
  reminders: number;
  escalations: number;
}

/**
 * Reminds reporters before the 72-hour deadline and escalates overdue breaches to the regulator's
 * dashboard, on a BullMQ repeatable job (one schedule for all replicas). Each event is a row keyed
 * by (breach, kind), so a sweep that repeats, or two replicas sweeping at once, record it once.
 * Reminders are shown on the breach (deadlineEvents) to its reporter; there is no e-mail channel.
 */
@Injectable()
export class BreachDeadlineSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger('BreachDeadlineSweeper');
  private readonly breaches = new BreachRepository();
  private readonly events = new BreachDeadlineEventRepository();
  readonly policy: BreachReminderPolicy = BREACH_REMINDER_POLICY_V1;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(DATA_PROTECTION_CLOCK) private readonly clock: Clock,
    @Inject(DATA_PROTECTION_SETTINGS) private readonly settings: DataProtectionSettings,
    private readonly queues: QueueService,
  ) {}

  async onApplicationBootstrap() {
    this.queues.registerWorker(QueueName.MonitoringDeadlines, { 'sweep-deadlines': async () => this.sweep() });
    await this.queues
      .queue(QueueName.MonitoringDeadlines)
      .upsertJobScheduler('breach-deadlines', { every: this.settings.breachSweepMs }, { name: 'sweep-deadlines', data: { reason: 'schedule' }, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }

  async sweep(): Promise<SweepResult> {
    const now = this.clock.now().toISOString();
    const horizon = Math.max(0, ...this.policy.remindHoursBefore);
    const due = await this.breaches.dueBefore(this.db, now, horizon);
    const recorded = await this.events.forBreaches(this.db, due.map((b) => b.id));
    const result: SweepResult = { reminders: 0, escalations: 0 };
    for (const breach of due) {
      const kind = dueBreachEvent(breach, now, (recorded.get(breach.id) ?? []).map((e) => e.kind), this.policy);
      if (!kind) continue;
      if (!(await this.events.record(this.db, { breachId: breach.id, kind, policyVersion: this.policy.version, at: now }))) continue;
      if (kind === 'escalated') result.escalations += 1;
      else result.reminders += 1;
      // Ids and instants only: the description may name people.
      this.logger.warn({ msg: kind === 'escalated' ? 'breach notification overdue: escalated to the regulator' : 'breach notification reminder', breachId: breach.id, kind, notifyBy: breach.notifyBy });
    }
    return result;
  }
}
