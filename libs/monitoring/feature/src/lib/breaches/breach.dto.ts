import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { BREACH_DATA_CATEGORIES, type BreachDataCategory } from '@consentry/monitoring-domain';
import { IsInstant, PageLimit } from '@consentry/shared-http';

export const BREACH_STATUSES = ['open', 'due-soon', 'overdue', 'notified'] as const;
export const BREACH_LIST_STATUSES = ['all', 'unnotified', 'due-soon', 'overdue'] as const;
export type BreachListStatus = (typeof BREACH_LIST_STATUSES)[number];

export class ReportBreachDto {
  @ApiProperty({ description: 'What happened (no personal data of the citizens affected)', example: 'A laptop holding an export of 1,200 verification results was stolen' })
  @IsString()
  @Length(10, 4000)
  description: string;

  @ApiProperty({ enum: BREACH_DATA_CATEGORIES, isArray: true, description: 'Categories of personal data involved' })
  @ArrayMinSize(1)
  @ArrayMaxSize(BREACH_DATA_CATEGORIES.length)
  @ArrayUnique()
  @IsIn(BREACH_DATA_CATEGORIES, { each: true })
  dataCategories: BreachDataCategory[];

  @ApiPropertyOptional({ description: 'Approximate number of citizens affected; omit when not yet known', example: 1200 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(200_000_000)
  affectedCitizens?: number;

  @ApiProperty({ description: 'When the breach was discovered (ISO 8601 with a zone); the 72 hours run from here', example: '2026-03-10T08:00:00+07:00' })
  @IsInstant()
  discoveredAt: string;

  @ApiPropertyOptional({ description: 'Measures taken or planned to contain it and protect the citizens' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  measures?: string;
}

export class BreachListQueryDto {
  @ApiPropertyOptional({ enum: BREACH_LIST_STATUSES, default: 'all', description: 'due-soon: unnotified and due within 24 h or overdue; overdue: past the 72 hours' })
  @IsOptional()
  @IsIn(BREACH_LIST_STATUSES)
  status?: BreachListStatus;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (opaque); omit for the first page' })
  @IsOptional()
  @IsString()
  @Length(1, 400)
  cursor?: string;

  @PageLimit(200, 50)
  limit?: number;
}

export class MarkAuthorityNotifiedDto {
  @ApiPropertyOptional({ description: "The authority's reference for the notification", example: 'A05-2026-0042' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reference?: string;
}

export class BreachIdDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class BreachDeadlineEventDto {
  @ApiProperty({ example: 'reminder-24h', description: 'reminder-<hours>h before the deadline, or escalated (overdue, on the regulator\'s dashboard)' }) kind: string;
  @ApiProperty() at: string;
  @ApiProperty({ description: 'Version of the reminder schedule that sent it' }) policyVersion: string;
}

export class BreachDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, description: 'Reporting organisation; null when the platform operator reported it' }) organisationId: string | null;
  @ApiProperty({ enum: ['organisation', 'operator'] }) reportedByKind: 'organisation' | 'operator';
  @ApiProperty() description: string;
  @ApiProperty({ enum: BREACH_DATA_CATEGORIES, isArray: true }) dataCategories: string[];
  @ApiProperty({ description: 'True when a sensitive category is involved' }) sensitiveData: boolean;
  @ApiProperty({ nullable: true, type: Number }) affectedCitizens: number | null;
  @ApiProperty({ nullable: true, type: String }) measures: string | null;
  @ApiProperty() discoveredAt: string;
  @ApiProperty() reportedAt: string;
  @ApiProperty({ description: 'discoveredAt + 72 hours (calendar hours)' }) notifyBy: string;
  @ApiProperty({ description: 'Statutory deadline rules the deadline was computed under' }) deadlineRulesVersion: string;
  @ApiProperty({ enum: BREACH_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) authorityNotifiedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) authorityReference: string | null;
  @ApiProperty({ type: [BreachDeadlineEventDto], description: 'Reminders sent and escalation, each once' }) deadlineEvents: BreachDeadlineEventDto[];
}

export class BreachListDto {
  @ApiProperty({ type: [BreachDto] }) items: BreachDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

export class BreachCountsDto {
  @ApiProperty() unnotified: number;
  @ApiProperty() dueSoon: number;
  @ApiProperty() overdue: number;
  @ApiProperty({ description: 'Overdue breaches escalated by the deadline sweep' }) escalated: number;
}

export class BreachDashboardDto {
  @ApiProperty() asOf: string;
  @ApiProperty({ type: BreachCountsDto }) counts: BreachCountsDto;
  @ApiProperty({ type: [BreachDto], description: 'Past the 72 hours, most overdue first' }) overdue: BreachDto[];
  @ApiProperty({ type: [BreachDto], description: 'Due within 24 hours' }) dueSoon: BreachDto[];
}
