import { breachStatus, involvesSensitiveData } from '@consentry/monitoring-domain';
import type { Breach, BreachDeadlineEvent } from '@consentry/monitoring-data-access';
import type { BreachDto } from './breach.dto';

/** The response shape; `reportedBy` (an account or key id) stays inside. */
export function toBreachDto(b: Breach, events: readonly BreachDeadlineEvent[], now: Date): BreachDto {
  return {
    id: b.id,
    organisationId: b.organisationId,
    reportedByKind: b.reportedBy.startsWith('operator:') ? 'operator' : 'organisation',
    description: b.description,
    dataCategories: b.dataCategories,
    sensitiveData: involvesSensitiveData(b.dataCategories),
    affectedCitizens: b.affectedCitizens,
    measures: b.measures,
    discoveredAt: b.discoveredAt,
    reportedAt: b.reportedAt,
    notifyBy: b.notifyBy,
    deadlineRulesVersion: b.deadlineRulesVersion,
    status: breachStatus(b, now.toISOString()),
    authorityNotifiedAt: b.authorityNotifiedAt,
    authorityReference: b.authorityReference,
    deadlineEvents: events.map((e) => ({ kind: e.kind, at: e.at, policyVersion: e.policyVersion })),
  };
}
