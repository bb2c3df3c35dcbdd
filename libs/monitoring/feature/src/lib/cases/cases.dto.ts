import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Min, ValidateIf } from 'class-validator';
import { IsInstant, PageLimit } from '@consentry/shared-http';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
const RULES = ['denials', 'volume-anomaly', 'enumeration', 'purpose-drift', 'sensitive-fields', 'off-hours-bulk', 'citizen-fan-out'];
const OUTCOMES = ['no-breach', 'warning', 'suspension', 'fine', 'referred'] as const;

export class AlertListQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ID) organisationId?: string;
  @ApiPropertyOptional({ enum: RULES }) @IsOptional() @IsIn(RULES) ruleId?: string;
  @ApiPropertyOptional({ enum: ['low', 'medium', 'high', 'critical'] }) @IsOptional() @IsIn(['low', 'medium', 'high', 'critical']) severity?: string;
  @ApiPropertyOptional({ description: 'Alerts whose window ends after this instant (ISO 8601 with a zone)' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional({ description: 'Alerts whose window starts before this instant (ISO 8601 with a zone)' }) @IsOptional() @IsInstant() to?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @Matches(/^[0-9]{1,18}$/) cursor?: string;
  @PageLimit(500, 50) limit?: number;
}

export class AlertEvidenceDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) counts: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) thresholds: Record<string, number>;
  @ApiProperty({ nullable: true, type: Number, description: "Expected count from the organisation's own history" }) baseline: number | null;
  @ApiProperty({ type: [Number], description: 'Audit log indexes of the entries behind the alert (GET /v1/regulator/entries, /v1/log/entries/{index})' }) entryIndexes: number[];
}

export class AlertDto {
  @ApiProperty() alertId: string;
  @ApiProperty() alertKey: string;
  @ApiProperty({ enum: RULES }) ruleId: string;
  @ApiProperty() ruleVersion: number;
  @ApiProperty() ruleSetVersion: string;
  @ApiProperty({ enum: ['low', 'medium', 'high', 'critical'] }) severity: string;
  @ApiProperty({ nullable: true, type: String }) organisationId: string | null;
  @ApiProperty({ nullable: true, type: String }) citizenPseudonym: string | null;
  @ApiProperty({ nullable: true, type: String }) purpose: string | null;
  @ApiProperty() windowStart: string;
  @ApiProperty() windowEnd: string;
  @ApiProperty() summary: string;
  @ApiProperty({ type: AlertEvidenceDto }) evidence: AlertEvidenceDto;
  @ApiProperty() raisedAt: string;
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertDto] }) items: AlertDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class OpenCaseDto {
  @ApiProperty({ example: 'Enumeration by org 42 on 1 March' }) @IsString() @Length(3, 200) title: string;
  @ApiProperty({ type: [String], description: 'Alerts the case is about (may be empty for a case opened by hand)' })
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(/^[0-9]{1,18}$/, { each: true, message: 'each alert id must be a number' })
  alertIds: string[];
  @ApiPropertyOptional({ description: 'The organisation concerned, when no alert names it' }) @IsOptional() @Matches(ID) organisationId?: string;
}

export class CaseListQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'investigating', 'resolved'] }) @IsOptional() @IsIn(['open', 'investigating', 'resolved']) state?: 'open' | 'investigating' | 'resolved';
  @ApiPropertyOptional({ enum: ['alert', 'dispute', 'regulator'] }) @IsOptional() @IsIn(['alert', 'dispute', 'regulator']) source?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID) organisationId?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page (opaque); omit for the first page' }) @IsOptional() @IsString() @Length(1, 400) cursor?: string;
  @PageLimit(200, 50) limit?: number;
}

export class NoteDto {
  @ApiProperty() @IsString() @Length(1, 4000) text: string;
}

export class EvidenceDto {
  @ApiProperty() @IsString() @Length(1, 2000) description: string;
  @ApiPropertyOptional({ type: [Number], description: 'Audit log indexes the evidence points to' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsInt({ each: true })
  @Min(0, { each: true })
  entryIndexes?: number[];
  @ApiPropertyOptional({ description: 'Where a document is kept (file number, URL)' }) @IsOptional() @IsString() @Length(1, 500) reference?: string;
}

export class InvestigateDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 4000) note?: string;
}

export class ResolveDto {
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES) outcome: (typeof OUTCOMES)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 4000) note?: string;
}

export class CaseSuspensionDto {
  @ApiProperty({ enum: ['organisation', 'api-key'] }) @IsIn(['organisation', 'api-key']) target: 'organisation' | 'api-key';
  @ApiPropertyOptional({ description: "Required for target api-key: a key of the case's organisation" })
  @ValidateIf((o: CaseSuspensionDto) => o.target === 'api-key' || o.apiKeyId !== undefined)
  @IsUUID()
  apiKeyId?: string;
  @ApiProperty() @IsString() @Length(3, 1000) reason: string;
}

export class ConsentRecheckDto {
  @ApiProperty({ description: 'What the organisation must show before the regulator lifts the re-check' }) @IsString() @Length(3, 1000) reason: string;
}

export class LiftDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) reason?: string;
}

export class CaseActionDto {
  @ApiProperty() actionId: string;
  @ApiProperty() action: string;
  @ApiProperty() actor: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail: Record<string, unknown>;
  @ApiProperty() at: string;
}

export class CaseSummaryDto {
  @ApiProperty() caseId: string;
  @ApiProperty({ enum: ['alert', 'dispute', 'regulator'] }) source: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) organisationId: string | null;
  @ApiProperty({ enum: ['open', 'investigating', 'resolved'] }) state: string;
  @ApiProperty({ nullable: true, enum: OUTCOMES }) outcome: string | null;
  @ApiProperty({ nullable: true, type: String }) disputeId: string | null;
  @ApiProperty() openedBy: string;
  @ApiProperty() openedAt: string;
  @ApiProperty() updatedAt: string;
}

export class CaseDto extends CaseSummaryDto {
  @ApiProperty({ type: [AlertDto] }) alerts: AlertDto[];
  @ApiProperty({ type: [CaseActionDto], description: 'Every action, oldest first; each was also written to the audit log (detail.auditEventId)' }) actions: CaseActionDto[];
}

export class CasePageDto {
  @ApiProperty({ type: [CaseSummaryDto] }) items: CaseSummaryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}
