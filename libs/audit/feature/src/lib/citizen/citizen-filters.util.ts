import { ValidationProblem } from '@consentry/shared-http';
import type { CitizenFilters } from '../queries/audit-query.service';

/** Query DTO fields to repository filters; refuses an empty or inverted date range. */
export function toDateRange(query: { from?: string; to?: string }): { from?: Date; to?: Date } {
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from >= to) throw new ValidationProblem([{ field: 'to', message: 'must be after from' }]);
  return { from, to };
}

export function toCitizenFilters(query: { organisationId?: string; purpose?: string; decision?: 'allow' | 'deny'; from?: string; to?: string }): CitizenFilters {
  return { organisationId: query.organisationId, purpose: query.purpose, decision: query.decision, ...toDateRange(query) };
}
