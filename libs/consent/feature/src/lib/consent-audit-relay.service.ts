import { createHash } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConsentRepository } from '@consentry/consent-data-access';
import { AuditEventMessage, QueueName, QueueService, auditDeliveryJob } from '@consentry/shared-queue';

/** A UUID derived from the transition, so a resend is recognised by the audit log as the same event. */
export function consentEventId(transitionId: string): string {
  const h = createHash('sha256').update(`consent-transition:${transitionId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Sends every consent transition to the audit log (operation consent-change), in order, from a
 * cursor kept in the database: nothing is lost when a process dies between sending and moving
 * the cursor, and a resend carries the same event id, which the audit log ingests once.
 */
@Injectable()
export class ConsentAuditRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ConsentAuditRelay');
  private readonly consents: ConsentRepository;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly queues: QueueService,
  ) {
    this.consents = new ConsentRepository(dataSource);
  }

  onApplicationBootstrap() {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = undefined));
    }, 1000);
  }

  async onModuleDestroy() {
    clearInterval(this.timer);
    await this.running;
  }

  async tick(): Promise<number> {
    let sent = 0;
    try {
      for (;;) {
        const batch = await this.consents.transitionsForAudit(await this.consents.auditCursor(), 500);
        if (batch.length === 0) break;
        const events: AuditEventMessage[] = batch.map((t) => ({
          eventId: consentEventId(t.id),
          occurredAt: t.at,
          organisationId: t.organisationId,
          operation: 'consent-change',
          purpose: t.purposeCode,
          legalBasis: { kind: 'consent', consentId: t.consentId },
          decision: t.toState === 'ACTIVE' ? 'allow' : 'deny',
          reasonCode: `CONSENT_${t.action.toUpperCase()}`,
          fields: t.grantedFields,
          fee: null,
          requestId: t.receiptId,
          citizenPseudonym: t.citizenPseudonym,
        }));
        await this.queues.add(QueueName.AuditDelivery, 'ingest-events', { events }, {
          ...auditDeliveryJob(),
          jobId: `consent-${batch[0].id}-${batch[batch.length - 1].id}`,
        });
        await this.consents.advanceAuditCursor(batch[batch.length - 1].id);
        sent += batch.length;
        if (batch.length < 500) break;
      }
    } catch (error) {
      this.logger.warn({ msg: 'consent audit relay pass failed; will retry', error: (error as Error).message });
    }
    return sent;
  }
}
