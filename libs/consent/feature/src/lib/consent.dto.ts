import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsInstant, PageLimit } from '@consentry/shared-http';

export class FrequencyDto {
  @ApiProperty({ example: 5, minimum: 1 }) @IsInt() @Min(1) @Max(1_000_000) limit: number;
  @ApiProperty({ enum: ['day', 'month', 'once'] }) @IsString() period: string;
}

export class ConsentRequestDto {
  @ApiProperty({ example: '001090012345', description: "The citizen's 12-digit ID number (stored only as a keyed pseudonym)" })
  @IsString()
  citizenId: string;

  @ApiProperty({ example: 'account-opening', description: 'A purpose code from GET /v1/purposes' })
  @IsString()
  @MaxLength(64)
  purpose: string;

  @ApiProperty({ example: ['fullName', 'dateOfBirth'], description: 'Field codes from GET /v1/fields, each named; no wildcards' })
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  fields: string[];

  @ApiProperty({ example: ['verify', 'lookup'], enum: ['verify', 'lookup'], isArray: true })
  @IsArray()
  @ArrayMaxSize(2)
  @IsString({ each: true })
  operations: string[];

  @ApiPropertyOptional({ type: FrequencyDto, description: 'At most `limit` uses per period; omit for no limit' })
  @IsOptional()
  @ValidateNested()
  @Type(() => FrequencyDto)
  frequency?: FrequencyDto;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Start of validity, ISO 8601 with a zone (default: now)' })
  @IsOptional()
  @IsInstant()
  validFrom?: string;

  @ApiProperty({ example: '2027-12-01T00:00:00Z', description: 'End of validity, ISO 8601 with a zone (at most 5 years)' })
  @IsInstant()
  validTo: string;

  @ApiProperty({ example: 30, description: 'Days the organisation may keep what it receives' })
  @IsInt()
  @Min(0)
  @Max(3660)
  dataLifeDays: number;

  @ApiPropertyOptional({ example: '2026-12-15T00:00:00Z', description: 'The request expires unanswered at this instant, ISO 8601 with a zone (default: 14 days)' })
  @IsOptional()
  @IsInstant()
  requestExpiresAt?: string;
}

export class ApproveDto {
  @ApiPropertyOptional({ example: ['fullName'], description: 'Approve only these of the fields asked (partial consent); default all' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  fields?: string[];
}

export class ReasonDto {
  @ApiPropertyOptional({ example: 'No longer a customer', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ListQueryDto {
  @ApiPropertyOptional({ enum: ['PENDING', 'ACTIVE', 'REJECTED', 'PAUSED', 'REVOKED', 'EXPIRED'] })
  @IsOptional()
  @IsIn(['PENDING', 'ACTIVE', 'REJECTED', 'PAUSED', 'REVOKED', 'EXPIRED'])
  state?: string;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @PageLimit(200, 50)
  limit?: number;
}

export class PurposeDto {
  @ApiProperty({ example: 'account-opening' }) @IsString() @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/) code: string;
  @ApiProperty({ example: 'Open a bank account' }) @IsString() @Length(3, 200) title: string;
  @ApiProperty({ example: 'Know-your-customer checks when opening an account' }) @IsString() @Length(3, 2000) description: string;
  @ApiProperty({ example: 'Circular 17/2024/TT-NHNN, art. 9' }) @IsString() @Length(3, 2000) legalText: string;
}

export class WebhookEndpointDto {
  @ApiProperty({ example: 'https://bank.example/consentry-webhooks', description: 'https, on a public host (not localhost or a private, loopback or link-local address)' })
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  @MaxLength(2000)
  url: string;
}
