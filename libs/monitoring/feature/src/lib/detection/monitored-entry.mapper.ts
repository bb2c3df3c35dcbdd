import type { StreamEntryRow } from '@consentry/audit-feature';
import { toMonitoredEntry, type MonitoredEntry } from '@consentry/monitoring-domain';

/** A row of the audit stream as the rules see it (public fields, pseudonym, no-match flag). */
export const toEntry = (r: StreamEntryRow): MonitoredEntry =>
  toMonitoredEntry(r.index, {
    occurredAt: new Date(r.occurredAtMs).toISOString(),
    organisationId: r.organisationId,
    operation: r.operation as MonitoredEntry['operation'],
    purpose: r.purpose,
    decision: r.decision as MonitoredEntry['decision'],
    reasonCode: r.reasonCode,
    fields: r.fields,
    citizenPseudonym: r.citizenPseudonym,
    noMatch: r.noMatch,
    sequentialId: r.sequentialId,
  });
