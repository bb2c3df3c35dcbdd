import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { NormalisedAuditEvent, validateAuditEvent } from '@consentry/audit-domain';
import { AuditLogWriter, RejectedEventRepository } from '@consentry/audit-data-access';
import { MetricsService } from '@consentry/shared-observability';
import { AUDIT_CONFIG } from '../config/audit.tokens';
import type { AuditConfig } from '../config/audit-config';
import { AppendBatcher } from './append-batcher';

export interface IngestResult {
  appended: number;
  duplicates: number;
  rejected: number;
  /** Log index of each appended event. */
  indexes: { eventId: string; index: number }[];
}

/**
 * Validates delivered events and sequences the valid ones. An invalid event cannot become valid
 * by retrying, so it is recorded (id and field errors only) and dropped rather than failing the
 * job; a database failure fails the job so the queue retries it.
 */
@Injectable()
export class AuditIngestService {
  private readonly logger = new Logger('AuditIngest');
  private readonly batcher: AppendBatcher;
  private readonly counter: Counter<'outcome'>;

  constructor(
    writer: AuditLogWriter,
    private readonly rejectedEvents: RejectedEventRepository,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    metrics: MetricsService,
  ) {
    this.batcher = new AppendBatcher((events) => writer.append(events), config.maxBatchEvents);
    this.counter = new Counter({
      name: 'audit_events_total',
      help: 'Audit events received, by outcome (appended, duplicate, rejected)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  async ingest(events: readonly unknown[]): Promise<IngestResult> {
    const valid: NormalisedAuditEvent[] = [];
    const rejected: { eventId: string | null; errors: { field: string; message: string }[] }[] = [];
    for (const input of Array.isArray(events) ? events : []) {
      const result = validateAuditEvent(input);
      if (result.ok) valid.push(result.event);
      else {
        const id = (input as { eventId?: unknown } | null)?.eventId;
        rejected.push({ eventId: typeof id === 'string' ? id.slice(0, 64) : null, errors: result.errors });
      }
    }
    if (rejected.length) {
      // Counted once per event: a retried or redelivered job brings its rejected events again.
      this.counter.inc({ outcome: 'rejected' }, await this.rejectedEvents.record(rejected));
      this.logger.warn({ msg: 'audit events rejected', count: rejected.length, eventIds: rejected.map((r) => r.eventId), fields: [...new Set(rejected.flatMap((r) => r.errors.map((e) => e.field)))] });
    }
    const indexes: IngestResult['indexes'] = [];
    let duplicates = 0;
    for (let at = 0; at < valid.length; at += this.config.maxBatchEvents) {
      const outcome = await this.batcher.submit(valid.slice(at, at + this.config.maxBatchEvents));
      indexes.push(...outcome.appended);
      duplicates += outcome.duplicates.length;
    }
    this.counter.inc({ outcome: 'appended' }, indexes.length);
    this.counter.inc({ outcome: 'duplicate' }, duplicates);
    return { appended: indexes.length, duplicates, rejected: rejected.length, indexes };
  }
}
