import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AccessLogEntry, UsageRow } from '@consentry/gateway-data-access';
import type { DecisionReason } from '@consentry/policy-domain';
import { ProblemView } from '@consentry/shared-http';
import type { Balance, Charge } from './gateway.ports';

// The enterprise API's answers, for its OpenAPI document. The service builds them as plain
// objects (AccessAnswer, BatchItem, Balance, UsageRow, AccessLogEntry); these classes only
// describe them, and implement the types they can so that the compiler keeps them in step.

const FIELD_CODE = { description: 'A field code of GET /v1/fields', example: 'fullName' };

export class ChargeView implements Charge {
  @ApiProperty({ format: 'uuid' }) chargeId: string;
  @ApiProperty({ enum: ['SPDC01', 'SPDC04'], description: 'Fee product: SPDC01 verification, SPDC04 lookup' }) product: string;
  @ApiProperty({ description: 'One unit per field answered' }) units: number;
  @ApiProperty({ description: 'Amount in VND, as a decimal string (exact)', example: '2000' }) amountVnd: string;
  @ApiProperty({ description: 'The fee schedule the amount comes from', example: 'TT48-2022.1' }) scheduleVersion: string;
  @ApiPropertyOptional({ description: 'A fee exemption of the schedule that waived the amount, when one applies', example: 'organisation-kind:state-agency' }) exemption?: string;
  @ApiProperty({ type: [String], description: 'The fields charged for', example: ['fullName', 'dateOfBirth'] }) fields: string[];
}

export class AuditRefView {
  @ApiProperty({ format: 'uuid', description: 'The audit event of this request in the public audit log (with its inclusion proof once logged)' })
  eventId: string;
}

export class DeniedFieldView {
  @ApiProperty(FIELD_CODE) field: string;
  @ApiProperty({ example: 'FIELD_NOT_CONSENTED' }) reasonCode: string;
}

class AnswerView {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ enum: ['allow'] }) decision: 'allow';
  @ApiProperty({ type: [DeniedFieldView], description: 'Fields asked for that the policy did not allow: not answered, not charged' }) deniedFields: DeniedFieldView[];
  @ApiProperty({ type: ChargeView }) charge: ChargeView;
  @ApiProperty({ type: AuditRefView }) audit: AuditRefView;
  @ApiProperty({ description: 'The licence, consent rules and policy rules the decision was made under' }) policyVersion: string;
}

export class VerificationAnswerView extends AnswerView {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['match', 'no_match'] },
    description: 'Per allowed field: match or no_match; never the stored value',
    example: { fullName: 'match', dateOfBirth: 'no_match' },
  })
  results: Record<string, 'match' | 'no_match'>;
}

export class LookupAnswerView extends AnswerView {
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true },
    description: 'The allowed fields, masked where the licence says so',
    example: { fullName: 'N****n V*n A', dateOfBirth: '1990-01-01' },
  })
  data: Record<string, string | number | null>;
  @ApiProperty({ type: [String], description: 'Fields in data that are masked' }) masked: string[];
  @ApiProperty({ type: [String], description: 'Allowed fields left out of data (match-only: they can be verified, not read)' }) withheld: string[];
}

export class DecisionReasonView implements DecisionReason {
  @ApiProperty({ example: 'CONSENT_MISSING' }) code: DecisionReason['code'];
  @ApiProperty() message: string;
}

/** A refused verification or lookup: the platform's problem+json with what the gateway adds. */
export class AccessProblemView extends ProblemView {
  @ApiPropertyOptional({ description: 'Why access was refused (403, and 429 from the enumeration guard)', example: 'CONSENT_MISSING' }) reasonCode?: string;
  @ApiPropertyOptional({ type: [DecisionReasonView], description: 'The policy decision\'s reasons (403)' }) reasons?: DecisionReasonView[];
  @ApiPropertyOptional({ type: AuditRefView, description: 'The audit event that records the refusal' }) audit?: AuditRefView;
  @ApiPropertyOptional({ description: 'The licence, consent rules and policy rules the decision was made under (403)' }) policyVersion?: string;
  @ApiPropertyOptional({ description: 'Seconds to wait, as in the Retry-After header (429)' }) retryAfterSeconds?: number;
}

export class BatchItemView {
  @ApiProperty({ description: 'The item\'s place in the request, from 0' }) index: number;
  @ApiProperty({ description: 'The status the item would have had on its own (200, or a 4xx)' }) status: number;
  @ApiPropertyOptional({ type: VerificationAnswerView, description: 'The answer, when status is 200' }) result?: VerificationAnswerView;
  @ApiPropertyOptional({ type: AccessProblemView, description: 'The problem the item would have been answered with on its own, when status is not 200' })
  problem?: AccessProblemView;
}

export class BatchAnswerView {
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty({ type: [BatchItemView] }) items: BatchItemView[];
  @ApiPropertyOptional({ enum: [true], description: 'Present on an Idempotency-Key replay: these items were answered before, none charged again' })
  replayed?: true;
}

export class UsageRowView implements UsageRow {
  @ApiProperty({ format: 'date', description: 'A day in Asia/Ho_Chi_Minh' }) day: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ enum: ['SPDC01', 'SPDC04'] }) product: string;
  @ApiProperty({ description: 'Charged requests' }) requests: number;
  @ApiProperty({ description: 'Charged fields' }) units: number;
  @ApiProperty({ description: 'VND, as a decimal string', example: '3000' }) amountVnd: string;
}

export class UsageView {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: [UsageRowView] }) rows: UsageRowView[];
}

export class QuotaView {
  @ApiProperty({ description: 'Fields a day, as a decimal string' }) dailyUnits: string;
  @ApiProperty({ description: 'Fields charged today (Asia/Ho_Chi_Minh), as a decimal string' }) usedToday: string;
  @ApiProperty({ format: 'date' }) day: string;
}

export class BalanceView implements Balance {
  @ApiProperty({ description: 'Prepaid balance in VND, as a decimal string', example: '4998000' }) balanceVnd: string;
  @ApiProperty({ enum: ['VND'] }) currency: 'VND';
  @ApiPropertyOptional({ type: QuotaView, nullable: true, description: 'The daily quota and today\'s use; null: no quota' }) quota: QuotaView | null;
}

export class AccessLogEntryView implements AccessLogEntry {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ enum: ['verify', 'lookup'] }) operation: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ enum: ['allow', 'deny', 'rejected'], description: 'rejected: bad input, refused before any decision' }) decision: string;
  @ApiProperty({ example: 'CONSENT_GRANTED' }) reasonCode: string;
  @ApiProperty({ type: [String], description: 'Fields answered and charged; empty when nothing was answered' }) fields: string[];
  @ApiPropertyOptional({ nullable: true, type: String, enum: ['SPDC01', 'SPDC04'], description: 'null: not charged' }) product: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) units: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'VND, as a decimal string; null: not charged' }) amountVnd: string | null;
  @ApiProperty({ format: 'uuid' }) auditEventId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class AccessLogPageView {
  @ApiProperty({ type: [AccessLogEntryView] }) items: AccessLogEntryView[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor: string | null;
}
