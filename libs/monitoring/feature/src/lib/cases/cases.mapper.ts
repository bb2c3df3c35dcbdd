import type { CaseDetail, CaseSummary, StoredAlert } from '@consentry/monitoring-data-access';
import type { AlertDto, CaseDto, CaseSummaryDto } from './cases.dto';

export const toAlertDto = (a: StoredAlert): AlertDto => ({
  alertId: a.id,
  alertKey: a.alertKey,
  ruleId: a.ruleId,
  ruleVersion: a.ruleVersion,
  ruleSetVersion: a.ruleSetVersion,
  severity: a.severity,
  organisationId: a.organisationId,
  citizenPseudonym: a.citizenPseudonym,
  purpose: a.purpose,
  windowStart: a.windowStart,
  windowEnd: a.windowEnd,
  summary: a.summary,
  evidence: { counts: a.counts, thresholds: a.thresholds, baseline: a.baseline, entryIndexes: a.entryIndexes },
  raisedAt: a.raisedAt,
});

export const toCaseSummaryDto = (c: CaseSummary): CaseSummaryDto => ({
  caseId: c.id,
  source: c.source,
  title: c.title,
  organisationId: c.organisationId,
  state: c.state,
  outcome: c.outcome,
  disputeId: c.disputeId,
  openedBy: c.openedBy,
  openedAt: c.openedAt,
  updatedAt: c.updatedAt,
});

export const toCaseDto = (c: CaseDetail, alerts: StoredAlert[]): CaseDto => ({
  ...toCaseSummaryDto(c),
  alerts: alerts.map(toAlertDto),
  actions: c.actions.map((a) => ({ actionId: a.id, action: a.action, actor: a.actor, detail: a.detail, at: a.at })),
});
