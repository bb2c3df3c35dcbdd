import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

export class VerificationDto {
  @ApiProperty({ example: '001090012345', description: "The citizen's 12-digit ID number" })
  @IsString()
  @MaxLength(32)
  citizenId: string;

  @ApiProperty({ example: 'account-opening', description: 'Purpose code (one purpose per request)' })
  @IsString()
  @MaxLength(64)
  purpose: string;

  @ApiProperty({ example: { fullName: 'Nguyễn Văn An', dateOfBirth: '1990-04-12' }, description: 'Claimed values by field code; each answered match or no_match' })
  @IsObject()
  claims: Record<string, string | number>;
}

export class LookupDto {
  @ApiProperty({ example: '001090012345' })
  @IsString()
  @MaxLength(32)
  citizenId: string;

  @ApiProperty({ example: 'account-opening' })
  @IsString()
  @MaxLength(64)
  purpose: string;

  @ApiProperty({ example: ['fullName', 'permanentResidence'], description: 'Field codes asked for; only the allowed ones are returned' })
  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  fields: string[];
}

export const MAX_BATCH = 1000;

export class VerificationBatchDto {
  @ApiProperty({ type: [VerificationDto], maxItems: MAX_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH, { message: `a batch holds at most ${MAX_BATCH} verifications` })
  @ValidateNested({ each: true })
  @Type(() => VerificationDto)
  items: VerificationDto[];
}

export class UsageQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00+07:00', description: 'Default: 30 days ago' })
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00+07:00', description: 'Default: now' })
  @IsOptional()
  @IsISO8601()
  to?: string;
}
