import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Finding, ReconciliationRepository, StoredFinding } from '@consentry/metering-data-access';
import { MeteringMetrics } from '../metering.metrics';
import { Clock, METERING_CLOCK } from '../metering.tokens';
import { AuditLedgerSource } from './audit-ledger-source.port';

export interface ReconciliationReport {
  runId: string | null;
  kind: 'ledger' | 'audit';
  skipped?: string;
  period?: { from: string; to: string };
  findings: Finding[];
}

const HOUR = 3_600_000;

/**
 * Checks the ledger against itself (cached balances = sums of entries; every transaction
 * balanced; prepaid entries = transactions) and charges against the audit log. Any finding is
 * an alert: a warning log line (counts and ids, no personal data), a metric, a stored finding.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger('MeteringReconciliation');
  private readonly repository = new ReconciliationRepository();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLedgerSource,
    private readonly metrics: MeteringMetrics,
    @Inject(METERING_CLOCK) private readonly clock: Clock,
  ) {}

  async reconcileLedger(): Promise<ReconciliationReport> {
    const startedAt = this.clock.now();
    // One snapshot, so writes committing meanwhile cannot look like a difference.
    const findings = await this.dataSource.transaction('REPEATABLE READ', async (m) => [
      ...(await this.repository.accountMismatches(m)),
      ...(await this.repository.prepaidMismatches(m)),
      ...(await this.repository.unbalancedTransactions(m)),
    ]);
    const runId = await this.store('ledger', startedAt, findings);
    return { runId, kind: 'ledger', findings };
  }

  /** Charges vs the audit log's answered requests in [from, to), window by window. */
  async reconcileAudit(from: Date, to: Date, windowMs = HOUR): Promise<ReconciliationReport> {
    const period = { from: from.toISOString(), to: to.toISOString() };
    if (!this.audit.available) return { runId: null, kind: 'audit', skipped: 'no audit ledger source is bound', period, findings: [] };
    const startedAt = this.clock.now();
    const findings: Finding[] = [];
    for (let start = from.getTime(); start < to.getTime(); start += windowMs) {
      const window = { from: new Date(start), to: new Date(Math.min(start + windowMs, to.getTime())) };
      const charged = new Map((await this.repository.chargedRequests(this.dataSource, window.from, window.to)).map((c) => [c.requestId, c.organisationId]));
      const seen = new Set<string>();
      for await (const page of this.audit.answeredRequests(window)) {
        for (const a of page) {
          if (seen.has(a.requestId)) continue;
          seen.add(a.requestId);
          const org = charged.get(a.requestId);
          if (org === undefined) {
            findings.push({ kind: 'audit-without-charge', organisationId: a.organisationId, reference: a.requestId, detail: { window: window.from.toISOString() } });
          } else if (org !== a.organisationId) {
            findings.push({ kind: 'charge-without-audit', organisationId: org, reference: a.requestId, detail: { auditOrganisationId: a.organisationId, window: window.from.toISOString() } });
          }
        }
      }
      for (const [requestId, org] of charged) {
        if (!seen.has(requestId)) findings.push({ kind: 'charge-without-audit', organisationId: org, reference: requestId, detail: { window: window.from.toISOString() } });
      }
    }
    const runId = await this.store('audit', startedAt, findings, from, to);
    return { runId, kind: 'audit', period, findings };
  }

  findings(limit = 100): Promise<StoredFinding[]> {
    return this.repository.findings(this.dataSource, limit);
  }

  private async store(kind: 'ledger' | 'audit', startedAt: Date, findings: Finding[], from?: Date, to?: Date): Promise<string> {
    const id = randomUUID();
    await this.dataSource.transaction(async (m) => {
      await this.repository.startRun(m, { id, kind, from, to, startedAt });
      await this.repository.finishRun(m, id, findings, this.clock.now());
    });
    if (findings.length) {
      const byKind: Record<string, number> = {};
      for (const f of findings) {
        byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
        this.metrics.findings.inc({ kind: f.kind });
      }
      this.logger.warn({ msg: 'reconciliation found differences', run: id, check: kind, findings: byKind, first: findings.slice(0, 5).map((f) => f.reference) });
    }
    return id;
  }
}
