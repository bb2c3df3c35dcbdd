import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditOutboxRepository, type CaseActionKind, type Queryable } from '@consentry/monitoring-data-access';
import { AuditEventMessage, QueueName, QueueService, auditDeliveryJob } from '@consentry/shared-queue';
import { type CaseActionActor, caseActionAuditEvent } from './case-audit-event.mapper';

/**
 * Every case action is itself audited: its event is staged in the monitoring outbox inside the
 * action's transaction, and put on the audit-delivery queue after commit (the job id is the
 * event id, and the log ingests an id once). Events whose delivery was lost are sent again by
 * the monitoring job.
 */
@Injectable()
export class CaseAuditTrail {
  private readonly logger = new Logger('CaseAuditTrail');
  private readonly outbox = new AuditOutboxRepository();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  /**
   * Stages the audit event of an action; returns its event id (to record in the action). `actor`
   * is the regulator who acted, null for the monitor's own acts.
   */
  async stage(db: Queryable, input: { caseId: string; action: CaseActionKind; at: string; actor: CaseActionActor | null; eventId?: string }): Promise<string> {
    const eventId = input.eventId ?? randomUUID();
    const event = caseActionAuditEvent({ eventId, at: input.at, caseId: input.caseId, action: input.action, actor: input.actor });
    await this.outbox.add(db, eventId, event as unknown as Record<string, unknown>);
    return eventId;
  }

  /** After commit: sends staged events to the audit log. A failure leaves them for the next sweep. */
  async deliver(olderThan: Date = new Date(Date.now() + 1000), limit = 500): Promise<number> {
    const pending = await this.outbox.pending(this.dataSource, olderThan, limit);
    let sent = 0;
    for (const p of pending) {
      try {
        await this.queues.add(QueueName.AuditDelivery, 'ingest-events', { events: [p.event as unknown as AuditEventMessage] }, {
          ...auditDeliveryJob(),
          jobId: p.eventId,
        });
        await this.outbox.remove(this.dataSource, [p.eventId]);
        sent += 1;
      } catch (error) {
        this.logger.warn({ msg: 'case action audit delivery failed; retried by the monitoring job', eventId: p.eventId, error: (error as Error).message });
        break;
      }
    }
    return sent;
  }
}
