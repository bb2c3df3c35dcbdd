import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { AuditEvent } from '@consentry/audit-domain';
import { AUDIT_DELIVERY_STALLS, AuditEventMessage, QueueName, QueueService } from '@consentry/shared-queue';
import { AUDIT_CONFIG } from '../config/audit.tokens';
import type { AuditConfig } from '../config/audit-config';
import { AuditIngestService } from './audit-ingest.service';

// The queue's message type is re-declared in shared-queue (shared may not import audit); this
// fails to compile as soon as the two drift apart. Required<>: an optional member missing on one
// side is assignable both ways, and would not be seen otherwise.
type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const QUEUE_MESSAGE_IS_AUDIT_EVENT: SameType<Required<AuditEvent>, Required<AuditEventMessage>> = true;

/** The consumer of the audit-delivery queue in this replica. */
@Injectable()
export class AuditIngestProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly queues: QueueService,
    private readonly ingest: AuditIngestService,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
  ) {}

  onApplicationBootstrap() {
    this.queues.registerWorker(
      QueueName.AuditDelivery,
      { 'ingest-events': async (payload) => {
        const result = await this.ingest.ingest(payload.events);
        return { appended: result.appended, duplicates: result.duplicates, rejected: result.rejected };
      } },
      {
        // Concurrent jobs are what the append batcher groups into one transaction.
        concurrency: this.config.ingestConcurrency,
        // Once sequenced, the log is the record: keep no copy of events (which may carry
        // personal data) in the queue, where erasing a citizen key would not reach them.
        removeOnComplete: { count: 0 },
        removeOnFail: { age: 7 * 24 * 3600 },
        // Jobs are retried until the log takes them (auditDeliveryJob); a stall is no reason to give up.
        ...AUDIT_DELIVERY_STALLS,
      },
    );
  }
}
