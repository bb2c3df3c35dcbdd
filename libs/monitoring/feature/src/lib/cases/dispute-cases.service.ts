import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AUDIT_OPERATIONS } from '@consentry/audit-domain';
import { AuditStreamReader, type Clock } from '@consentry/audit-feature';
import { CaseRepository, CursorRepository } from '@consentry/monitoring-data-access';
import { MONITORING_CLOCK } from '../detection/monitoring-config';
import { CaseAuditTrail } from './case-audit-trail.service';

export const DISPUTES_CURSOR = 'disputes';
/**
 * Disputes are read again from this long before the cursor: one committed late (its created_at
 * is its transaction's start) is still seen. The unique dispute_id of a case makes re-reading
 * harmless.
 */
const LOOKBACK_MS = 5 * 60_000;
const PAGE = 500;

/**
 * Opens a case for every citizen's dispute, exactly once. The audit log does not know about
 * monitoring: this consumer reads its disputes table through the audit feature's stream reader.
 */
@Injectable()
export class DisputeCases {
  private readonly reader = new AuditStreamReader();
  private readonly cursors = new CursorRepository();
  private readonly cases = new CaseRepository();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trail: CaseAuditTrail,
    @Inject(MONITORING_CLOCK) private readonly clock: Clock,
  ) {}

  /** Opens cases for disputes not yet picked up; returns how many were opened. */
  async openPending(): Promise<number> {
    let opened = 0;
    // The pass reads from the look-back on, page after page: a page of disputes already opened
    // (more than a page within the look-back) moves it on instead of ending the pass there.
    let since: Date | undefined;
    let afterId: string | undefined;
    for (;;) {
      const page = await this.dataSource.transaction(async (m) => {
        const cursor = await this.cursors.lock(m, DISPUTES_CURSOR);
        since ??= new Date(Math.max(0, (cursor.at?.getTime() ?? 0) - LOOKBACK_MS));
        const disputes = await this.reader.disputesSince(m, since, PAGE, afterId);
        let count = 0;
        let newest = cursor.at;
        for (const d of disputes) {
          const [entry] = await this.reader.range(m, d.entryIndex, d.entryIndex + 1, AUDIT_OPERATIONS);
          const at = this.clock.now().toISOString();
          const eventId = randomUUID();
          // A staff decision was asked by an operator or regulator, not by the organisation it
          // names: the case is not opened against that organisation, and says who asked.
          const staff = entry?.actor ?? null;
          const caseId = await this.cases.openForDispute(m, {
            disputeId: d.id,
            organisationId: staff ? null : (entry?.organisationId ?? null),
            title: staff ? `Citizen's dispute of a staff decision (audit entry ${d.entryIndex})` : `Citizen's dispute of audit entry ${d.entryIndex}`,
            actor: 'monitor',
            at,
            detail: { entryIndex: d.entryIndex, citizenPseudonym: d.citizenPseudonym, reason: d.reason, auditEventId: eventId, ...(staff ? { staffActor: staff } : {}) },
          });
          if (caseId) {
            // The monitor opened it, not a regulator: the log's actor names staff only, so none.
            await this.trail.stage(m, { caseId, action: 'open', at, actor: null, eventId });
            count += 1;
          }
          if (!newest || d.createdAt > newest) newest = d.createdAt;
        }
        await this.cursors.advance(m, DISPUTES_CURSOR, { position: cursor.position, at: newest });
        return { count, full: disputes.length === PAGE, last: disputes[disputes.length - 1]?.id };
      });
      opened += page.count;
      if (!page.full) break;
      afterId = page.last;
    }
    if (opened) await this.trail.deliver();
    return opened;
  }
}
