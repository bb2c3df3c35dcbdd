import { AuditStreamRepository, DisputeRepository, type DisputeRow, type Queryable, type StreamEntryRow } from '@consentry/audit-data-access';

export type { StreamEntryRow, DisputeRow as StreamDisputeRow };

/**
 * The log as a stream, for consumers mounted in this service that keep their own cursor (the
 * misuse monitor, the citizen notifier). Every method takes the caller's source, so it can run inside the caller's
 * transaction (on the embedded database a query on another connection would wait for it).
 */
export class AuditStreamReader {
  size(source: Queryable): Promise<number> {
    return new AuditStreamRepository(source).size();
  }

  /** Entries [start, end) of the given operations, in log order. */
  range(source: Queryable, start: number, end: number, operations: readonly string[]): Promise<StreamEntryRow[]> {
    return new AuditStreamRepository(source).range(start, end, operations);
  }

  /** Entries of the given operations that occurred in [from, to), sequenced before `beforeIndex`. */
  occurredIn(source: Queryable, from: Date, to: Date, beforeIndex: number, operations: readonly string[]): Promise<StreamEntryRow[]> {
    return new AuditStreamRepository(source).occurredIn(from, to, beforeIndex, operations);
  }

  /** Entries of each asked citizen's window [from, to) that holds entries from at least `minOrganisations` organisations. */
  citizensSeenByOrganisations(source: Queryable, windows: readonly { citizenPseudonym: string; fromMs: number; toMs: number }[], minOrganisations: number, beforeIndex: number, operations: readonly string[]): Promise<StreamEntryRow[]> {
    return new AuditStreamRepository(source).citizensSeenByOrganisations(windows, minOrganisations, beforeIndex, operations);
  }

  /** Entries per organisation and UTC hour that occurred in [from, to). */
  hourlyCounts(source: Queryable, from: Date, to: Date, operations: readonly string[]): Promise<{ organisationId: string; hourMs: number; count: number }[]> {
    return new AuditStreamRepository(source).hourlyCounts(from, to, operations);
  }

  /** Citizens' disputes opened at or after `since`, oldest first; with `afterId`, the page after that dispute. */
  disputesSince(source: Queryable, since: Date, limit: number, afterId?: string): Promise<DisputeRow[]> {
    return new DisputeRepository(source).createdSince(since, limit, afterId);
  }
}
