import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateIf } from 'class-validator';
import { SUSPENSION_TARGETS } from '@consentry/policy-data-access';
import { PageLimit } from '@consentry/shared-http';

export class CreateSuspensionDto {
  @ApiProperty({ enum: SUSPENSION_TARGETS, description: 'The whole organisation, or one of its API keys' })
  @IsIn(SUSPENSION_TARGETS)
  target: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required when target is api-key, refused otherwise' })
  @ValidateIf((o: CreateSuspensionDto) => o.target === 'api-key' || o.apiKeyId !== undefined)
  @IsUUID()
  apiKeyId?: string;

  @ApiProperty({ example: 'Bulk lookups without consent under investigation (case 2026/014)', minLength: 3, maxLength: 2000 })
  @IsString()
  @Length(3, 2000)
  reason: string;
}

export class LiftSuspensionDto {
  @ApiPropertyOptional({ example: 'Case closed; corrective measures verified', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(3, 2000)
  reason?: string;
}

export class ListSuspensionsQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: in force only; false: lifted only; omitted: all' })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  cursor?: string;

  @PageLimit(200, 50)
  limit?: number;
}
