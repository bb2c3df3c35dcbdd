import type { AuditEvent } from '@consentry/audit-domain';
import type { MonitoredEntry } from './monitoring.types';

/** The monitor's view of an audit event: public fields and the log index, nothing personal. */
export function toMonitoredEntry(
  index: number,
  event: Pick<AuditEvent, 'occurredAt' | 'organisationId' | 'operation' | 'purpose' | 'decision' | 'reasonCode' | 'fields' | 'citizenPseudonym' | 'noMatch' | 'sequentialId'>,
  noMatch: boolean | undefined = event.noMatch,
): MonitoredEntry {
  return {
    index,
    occurredAt: event.occurredAt,
    organisationId: event.organisationId,
    operation: event.operation,
    purpose: event.purpose,
    decision: event.decision,
    reasonCode: event.reasonCode,
    fields: event.fields,
    citizenPseudonym: event.citizenPseudonym,
    ...(noMatch === undefined ? {} : { noMatch }),
    ...(event.sequentialId ? { sequentialId: true } : {}),
  };
}
