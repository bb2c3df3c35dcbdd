import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditOutboxRepository, GatewayRequestRepository, GuardCountersRepository, IdempotencyRepository } from '@consentry/gateway-data-access';
import { outboxJobId } from '@consentry/gateway-domain';
import { MetricsService } from '@consentry/shared-observability';
import { AuditEventMessage, QueueName, QueueService, auditDeliveryJob } from '@consentry/shared-queue';
import { vietnamDate } from '@consentry/shared-vietnam-time';
import { GATEWAY_SETTINGS, GatewaySettings } from './gateway.settings';

/**
 * Moves audit events from the outbox to the audit queue. Runs in every replica; claims are
 * leased, so replicas share the work and a dead relay's claims are taken over. When the queue
 * is down the outbox grows and the relay drains it when the queue returns.
 */
@Injectable()
export class AuditRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditRelay');
  private readonly outbox: AuditOutboxRepository;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private ticks = 0;
  private readonly pendingGauge;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    @Inject(GATEWAY_SETTINGS) private readonly settings: GatewaySettings,
    metrics: MetricsService,
  ) {
    this.outbox = new AuditOutboxRepository(dataSource);
    this.pendingGauge = metrics.gauge('gateway_audit_outbox_pending', 'Audit events written but not yet on the audit queue');
  }

  onApplicationBootstrap() {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = undefined));
    }, this.settings.relayIntervalMs);
  }

  async onModuleDestroy() {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass: claim, enqueue, mark delivered; repeats while full batches come back. */
  async tick(): Promise<number> {
    let moved = 0;
    try {
      for (;;) {
        const batch = await this.outbox.claim(500, 30_000);
        if (batch.length === 0) break;
        const eventIds = batch.map((b) => b.eventId);
        try {
          await this.queues.add(QueueName.AuditDelivery, 'ingest-events', { events: batch.map((b) => b.payload as AuditEventMessage) }, { ...auditDeliveryJob(), jobId: outboxJobId(eventIds) });
        } catch (error) {
          await this.outbox.release(eventIds);
          throw error;
        }
        await this.outbox.markDelivered(eventIds);
        moved += batch.length;
        if (batch.length < 500) break;
      }
      if (++this.ticks % 240 === 0) await this.housekeeping();
      this.pendingGauge.set(await this.outbox.pending());
    } catch (error) {
      this.logger.warn({ msg: 'audit relay pass failed; will retry', error: (error as Error).message });
    }
    return moved;
  }

  private async housekeeping() {
    const dayAgo = new Date(Date.now() - 86_400_000);
    await new IdempotencyRepository(this.dataSource).purge(dayAgo);
    const guard = new GuardCountersRepository(this.dataSource);
    await guard.purgeWindows(new Date(Date.now() - 60_000));
    // The enumeration guard counts only today's touches; yesterday's are kept too, so a replica
    // whose clock runs a little behind, still counting yesterday, finds them all.
    await guard.purgeTouches(vietnamDate(dayAgo));
    // A month is at most 31 days: uses of periods begun 32 days ago can no longer count.
    await new GatewayRequestRepository(this.dataSource).purgeUses(new Date(Date.now() - 32 * 86_400_000));
    await this.outbox.purgeDelivered(new Date(Date.now() - 7 * 86_400_000));
  }
}
