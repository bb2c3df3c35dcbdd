import { Injectable } from '@nestjs/common';

export interface AnsweredRequest {
  requestId: string;
  organisationId: string;
}

/**
 * What the audit log says was answered: the requests (verify or lookup, match / no match /
 * answered) logged with an occurredAt in [from, to), in pages. Reconciliation expects exactly
 * one charge per answered request and vice versa. The audit log's adapter is bound by the
 * hosting service; until then `available` is false and audit reconciliation is skipped.
 */
export abstract class AuditLedgerSource {
  abstract readonly available: boolean;
  abstract answeredRequests(period: { from: Date; to: Date }): AsyncIterable<AnsweredRequest[]>;
}

@Injectable()
export class UnavailableAuditLedgerSource extends AuditLedgerSource {
  readonly available = false;
  // eslint-disable-next-line require-yield
  async *answeredRequests(): AsyncIterable<AnsweredRequest[]> {
    return;
  }
}

/** An in-memory audit log, for tests and for running reconciliation against an export. */
export class InMemoryAuditLedgerSource extends AuditLedgerSource {
  readonly available = true;
  private readonly entries: (AnsweredRequest & { occurredAt: Date })[] = [];

  constructor(private readonly pageSize = 1000) {
    super();
  }

  add(entry: AnsweredRequest & { occurredAt: Date }): this {
    this.entries.push(entry);
    return this;
  }

  async *answeredRequests(period: { from: Date; to: Date }): AsyncIterable<AnsweredRequest[]> {
    const hits = this.entries.filter((e) => e.occurredAt >= period.from && e.occurredAt < period.to).map(({ requestId, organisationId }) => ({ requestId, organisationId }));
    for (let i = 0; i < hits.length; i += this.pageSize) yield hits.slice(i, i + this.pageSize);
  }
}
