import type { DataSubjectRequest } from '@consentry/monitoring-data-access';
import { dataSubjectRequestStatus } from '@consentry/monitoring-domain';
import type { DataSubjectRequestDto, OverdueRequestDto } from './data-subject-request.dto';

/** The citizen's and operator's view (the pseudonym stays inside). */
export function toRequestDto(r: DataSubjectRequest, now: Date): DataSubjectRequestDto {
  return {
    id: r.id,
    kind: r.kind,
    details: r.details,
    filedAt: r.filedAt,
    acknowledgeBy: r.acknowledgeBy,
    answerBy: r.answerBy,
    deadlineRulesVersion: r.deadlineRulesVersion,
    status: dataSubjectRequestStatus(r, now.toISOString()),
    acknowledgedAt: r.acknowledgedAt,
    answeredAt: r.answeredAt,
    outcome: r.outcome,
    answerNote: r.answerNote,
  };
}

export function toOverdueDto(r: DataSubjectRequest, now: Date): OverdueRequestDto {
  return {
    id: r.id,
    kind: r.kind,
    filedAt: r.filedAt,
    acknowledgeBy: r.acknowledgeBy,
    answerBy: r.answerBy,
    acknowledgedAt: r.acknowledgedAt,
    status: dataSubjectRequestStatus(r, now.toISOString()),
  };
}
