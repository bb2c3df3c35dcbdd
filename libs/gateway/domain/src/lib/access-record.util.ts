import type { AuditEvent, LegalBasis } from '@consentry/audit-domain';
import type { Decision, FrequencyPeriod } from '@consentry/policy-domain';
import { startOfVietnamDayAt, startOfVietnamMonthAt } from '@consentry/shared-vietnam-time';

export type AccessOperation = 'verify' | 'lookup';

/** The fee product of each operation (Circular 48/2022): a verification SPDC01, a lookup SPDC04. */
export const ACCESS_PRODUCTS = { verify: 'SPDC01', lookup: 'SPDC04' } as const;

/** The charge of an answered request, as its request row keeps it and its audit event names the fee. */
export interface RecordedCharge {
  chargeId: string;
  product: string;
  units: number;
  amountVnd: string;
  scheduleVersion: string;
}

/** One row of gateway.requests. */
export interface AccessRequestRow {
  id: string;
  organisationId: string;
  apiKeyId: string;
  operation: AccessOperation;
  batchId: string | null;
  purpose: string;
  citizenPseudonym: string | null;
  consentId: string | null;
  decision: 'allow' | 'deny' | 'rejected';
  reasonCode: string;
  fields: string[];
  charge: RecordedCharge | null;
  auditEventId: string;
  createdAt: Date;
}

/** What one request leaves behind, said once for its request row and its audit event. */
export interface AccessRecordInput {
  organisationId: string;
  apiKeyId: string;
  operation: AccessOperation;
  purpose: string;
  pseudonym: string | null;
  /** A refused body (`rejected`) is a denial in the audit event. */
  decision: 'allow' | 'deny' | 'rejected';
  reasonCode: string;
  /** The consent the request row names. */
  consentId: string | null;
  legalBasis: LegalBasis;
  /** The fields answered: the request row's. */
  answered: string[];
  /** The fields touched (answered, or asked when refused): the audit event's. */
  touched: string[];
  charge: RecordedCharge | null;
  ids: { requestId: string; eventId: string; now: Date; batchId?: string };
  /** Every claim answered no_match (the monitor counts them). */
  noMatch?: boolean;
  /** The ID number lay close to one the organisation asked for recently (SequentialIdWatch). */
  sequentialId?: boolean;
}

/** The request row and audit event of one request, as the gateway writes them in one statement. */
export function accessRecord(input: AccessRecordInput): { row: AccessRequestRow; event: { eventId: string; payload: AuditEvent } } {
  const { ids, charge } = input;
  return {
    row: {
      id: ids.requestId,
      organisationId: input.organisationId,
      apiKeyId: input.apiKeyId,
      operation: input.operation,
      batchId: ids.batchId ?? null,
      purpose: input.purpose,
      citizenPseudonym: input.pseudonym,
      consentId: input.consentId,
      decision: input.decision,
      reasonCode: input.reasonCode,
      fields: input.answered,
      charge: charge && { chargeId: charge.chargeId, product: charge.product, units: charge.units, amountVnd: charge.amountVnd, scheduleVersion: charge.scheduleVersion },
      auditEventId: ids.eventId,
      createdAt: ids.now,
    },
    event: {
      eventId: ids.eventId,
      payload: {
        eventId: ids.eventId,
        occurredAt: ids.now.toISOString(),
        organisationId: input.organisationId,
        operation: input.operation,
        purpose: input.purpose,
        legalBasis: input.legalBasis,
        decision: input.decision === 'allow' ? 'allow' : 'deny',
        reasonCode: input.reasonCode,
        fields: input.touched,
        fee: charge && { product: charge.product, amountVnd: charge.amountVnd, scheduleVersion: charge.scheduleVersion },
        requestId: ids.requestId,
        citizenPseudonym: input.pseudonym,
        ...(input.noMatch ? { noMatch: true } : {}),
        ...(input.sequentialId ? { sequentialId: true } : {}),
      },
    },
  };
}

/** The legal basis a decision's audit event names: a licence's legal duty, or the consent (none when denied without one). */
export function legalBasisOf(decision: Pick<Decision, 'basis' | 'licenceId' | 'consentId'>): LegalBasis {
  return decision.basis === 'legal-duty' ? { kind: 'legal-duty', reference: decision.licenceId ?? 'licence' } : { kind: 'consent', consentId: decision.consentId };
}

/** The reasons that say the citizen has not consented: a denial for one of them counts towards the enumeration guard. */
export const CONSENT_REASONS: ReadonlySet<string> = new Set([
  'CONSENT_MISSING', 'CONSENT_REVOKED', 'CONSENT_PAUSED', 'CONSENT_EXPIRED', 'CONSENT_PENDING', 'CONSENT_REJECTED',
  'CONSENT_NOT_YET_VALID', 'CONSENT_PURPOSE_MISMATCH', 'FIELD_NOT_CONSENTED', 'SENSITIVE_FIELD_NOT_NAMED', 'OPERATION_NOT_CONSENTED',
]);

/** Where a consent's current frequency period began, in Vietnamese days and months; `once` counts every use ever made. */
export function frequencyPeriodStart(period: FrequencyPeriod, now: Date): Date {
  if (period === 'once') return new Date(0);
  return period === 'day' ? startOfVietnamDayAt(now) : startOfVietnamMonthAt(now);
}

/** A problem+json body of the enterprise API. */
export function accessProblem(status: number, slug: string, title: string, detail: string, extra: Record<string, unknown> = {}) {
  return { type: `https://consentry.dev/problems/${slug}`, title, status, detail, ...extra };
}
