import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsInstant, PageLimit } from '@consentry/shared-http';
import { PublicEntryFieldsDto } from '../public-log/log.dto';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

export class CitizenAccessQueryDto {
  @ApiPropertyOptional({ description: 'Only accesses by this organisation' })
  @IsOptional()
  @Matches(ID)
  organisationId?: string;

  @ApiPropertyOptional({ description: 'Only accesses for this purpose' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  purpose?: string;

  @ApiPropertyOptional({ description: 'From this instant (inclusive), ISO 8601 with a zone', example: '2026-01-01T00:00:00+07:00' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Until this instant (exclusive), ISO 8601 with a zone' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({ enum: ['allow', 'deny'], description: 'The result: allowed or denied' })
  @IsOptional()
  @IsIn(['allow', 'deny'])
  decision?: 'allow' | 'deny';

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;

  @PageLimit(100, 20)
  limit?: number;
}

export class CitizenExportQueryDto extends CitizenAccessQueryDto {}

export class InclusionDto {
  @ApiProperty({ description: 'Tree size of the checkpoint the proof leads to' }) treeSize: number;
  @ApiProperty({ type: [String], description: 'base64 RFC 9162 audit path, leaf side first' }) proof: string[];
}

export class CheckpointRefDto {
  @ApiProperty() treeSize: number;
  @ApiProperty({ description: 'base64' }) rootHash: string;
  @ApiProperty({ description: 'The signed checkpoint; verify it with the key at /v1/log/key' }) note: string;
}

export class CitizenAccessDto extends PublicEntryFieldsDto {
  @ApiProperty() index: number;
  @ApiProperty({ description: 'base64 leaf bytes; SHA-256(0x00 || leaf) is the leaf hash' }) leaf: string;
  @ApiProperty({ description: 'base64 salt: HMAC-SHA256(salt, "consentry-audit-subject:" + your pseudonym) is the leaf\'s subject' }) subjectSalt: string;
  @ApiProperty({ nullable: true, type: Object, description: 'Personal data recorded with the access, decrypted for you' })
  personal: Record<string, unknown> | null;
  @ApiProperty({ description: 'True when personal data was recorded but its key has been erased' }) personalErased: boolean;
  @ApiProperty({ type: InclusionDto, nullable: true, description: 'Null for a few seconds, until a checkpoint covers the entry' })
  inclusion: InclusionDto | null;
}

export class CitizenAccessPageDto {
  @ApiProperty({ type: [CitizenAccessDto] }) items: CitizenAccessDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
  @ApiProperty({ type: CheckpointRefDto, nullable: true }) checkpoint: CheckpointRefDto | null;
}

export class OpenDisputeDto {
  @ApiProperty({ description: 'Why this access was not right (kept for the regulator; 1-2000 characters)' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class EntryIndexDto {
  @ApiProperty({ description: 'Log index of the access' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  index: number;
}

export class DisputeDto {
  @ApiProperty() disputeId: string;
  @ApiProperty() entryIndex: number;
  @ApiProperty({ enum: ['open', 'under-review', 'upheld', 'dismissed'] }) status: string;
  @ApiProperty() reason: string;
  @ApiProperty() openedAt: string;
}

export class DisputeListDto {
  @ApiProperty({ type: [DisputeDto] }) disputes: DisputeDto[];
}
