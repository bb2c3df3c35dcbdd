/** Where a data-subject request stands against the deadlines fixed when it was filed. */
export type DataSubjectRequestStatus = 'answered' | 'answer-overdue' | 'acknowledgement-overdue' | 'acknowledged' | 'filed';

export interface DataSubjectRequestDeadlineState {
  acknowledgeBy: string;
  answerBy: string;
  acknowledgedAt: string | null;
  answeredAt: string | null;
}

export function dataSubjectRequestStatus(request: DataSubjectRequestDeadlineState, now: string): DataSubjectRequestStatus {
  if (request.answeredAt) return 'answered';
  const at = Date.parse(now);
  if (Date.parse(request.answerBy) <= at) return 'answer-overdue';
  if (!request.acknowledgedAt && Date.parse(request.acknowledgeBy) <= at) return 'acknowledgement-overdue';
  return request.acknowledgedAt ? 'acknowledged' : 'filed';
}

export function isOverdue(status: DataSubjectRequestStatus): boolean {
  return status === 'answer-overdue' || status === 'acknowledgement-overdue';
}
