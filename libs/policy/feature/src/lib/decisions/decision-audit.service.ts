import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { ProblemException } from '@consentry/shared-http';
import { AuditEventMessage, QueueName, QueueService, auditDeliveryJob } from '@consentry/shared-queue';

/**
 * Puts decision events on the audit log's queue. A decision that cannot be logged is not
 * returned (503): every decision, allow or deny, must reach the log. The event id is the job id,
 * so a retried enqueue never logs a decision twice.
 */
@Injectable()
export class DecisionAudit {
  private readonly logger = new Logger('DecisionAudit');

  constructor(private readonly queues: QueueService) {}

  async record(event: AuditEventMessage): Promise<void> {
    try {
      await this.queues.add(QueueName.AuditDelivery, 'ingest-events', { events: [event] }, {
        ...auditDeliveryJob(),
        jobId: event.eventId,
      });
    } catch (error) {
      this.logger.warn({ msg: 'decision audit enqueue failed', eventId: event.eventId, error: (error as Error).message });
      throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'audit-unavailable', 'Audit log unavailable', 'The decision could not be logged, so it is not given; retry shortly');
    }
  }
}
