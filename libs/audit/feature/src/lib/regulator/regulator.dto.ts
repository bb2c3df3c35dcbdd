import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsInstant, PageLimit } from '@consentry/shared-http';
import { PublicEntryFieldsDto } from '../public-log/log.dto';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

export class RegulatorFiltersDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ID) organisationId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) purpose?: string;
  @ApiPropertyOptional({ description: 'A field code the access touched, e.g. dateOfBirth' })
  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/)
  field?: string;
  @ApiPropertyOptional({ enum: ['verify', 'lookup', 'batch', 'decision', 'consent-change'] })
  @IsOptional()
  @IsIn(['verify', 'lookup', 'batch', 'decision', 'consent-change'])
  operation?: string;
  @ApiPropertyOptional({ enum: ['allow', 'deny'] }) @IsOptional() @IsIn(['allow', 'deny']) decision?: 'allow' | 'deny';
  @ApiPropertyOptional({ description: 'A citizen pseudonym (from a dispute)' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/)
  citizenPseudonym?: string;
  @ApiPropertyOptional({ description: 'From (inclusive), ISO 8601 with a zone' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional({ description: 'Until (exclusive), ISO 8601 with a zone' }) @IsOptional() @IsInstant() to?: string;
}

export class RegulatorSearchQueryDto extends RegulatorFiltersDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) cursor?: string;
  @PageLimit(200, 50)
  limit?: number;
}

export class StatisticsQueryDto {
  @ApiProperty({ description: 'From (inclusive), ISO 8601 with a zone', example: '2026-01-01T00:00:00+07:00' }) @IsInstant() from: string;
  @ApiProperty({ description: 'Until (exclusive), ISO 8601 with a zone', example: '2026-02-01T00:00:00+07:00' }) @IsInstant() to: string;
  @ApiPropertyOptional({ enum: ['day', 'week', 'month'], default: 'day' }) @IsOptional() @IsIn(['day', 'week', 'month']) bucket?: 'day' | 'week' | 'month';
  @ApiPropertyOptional() @IsOptional() @Matches(ID) organisationId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) purpose?: string;
}

export class DisputeListQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'under-review', 'upheld', 'dismissed'] })
  @IsOptional()
  @IsIn(['open', 'under-review', 'upheld', 'dismissed'])
  status?: 'open' | 'under-review' | 'upheld' | 'dismissed';
  @PageLimit(500, 100) limit?: number;
}

export class AuditActorDto {
  @ApiProperty({ enum: ['operator', 'regulator'] }) role: 'operator' | 'regulator';
  @ApiProperty({ format: 'uuid', description: 'Staff account id of the person who asked' }) subject: string;
}

export class RegulatorEntryDto extends PublicEntryFieldsDto {
  @ApiProperty() index: number;
  @ApiPropertyOptional({ type: AuditActorDto, description: 'Who asked or acted, when a member of staff and not the organisation caused the entry (a decision on POST /v1/decisions, a regulator\'s case action); absent otherwise' })
  actor?: AuditActorDto;
  @ApiProperty({ nullable: true, type: String, description: 'Keyed pseudonym of the citizen (never the ID number)' }) citizenPseudonym: string | null;
  @ApiProperty() sequencedAt: string;
}

export class RegulatorEntryPageDto {
  @ApiProperty({ type: [RegulatorEntryDto] }) items: RegulatorEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class UsageBucketDto {
  @ApiProperty({ description: 'First day of the bucket (Vietnam time), YYYY-MM-DD' }) bucket: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() purpose: string;
  @ApiProperty() total: number;
  @ApiProperty() allowed: number;
  @ApiProperty() denied: number;
  @ApiProperty({ description: 'Fees charged, whole VND as a string' }) feesVnd: string;
}

export class UsageStatisticsDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ enum: ['day', 'week', 'month'] }) bucket: string;
  @ApiProperty({ type: [UsageBucketDto] }) buckets: UsageBucketDto[];
}

export class RegulatorDisputeDto {
  @ApiProperty() disputeId: string;
  @ApiProperty() entryIndex: number;
  @ApiProperty() citizenPseudonym: string;
  @ApiProperty() status: string;
  @ApiProperty() reason: string;
  @ApiProperty() openedAt: string;
}

export class RegulatorDisputeListDto {
  @ApiProperty({ type: [RegulatorDisputeDto] }) disputes: RegulatorDisputeDto[];
}
