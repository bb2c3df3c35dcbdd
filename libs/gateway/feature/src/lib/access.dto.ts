import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ACCESS_BODY_LIMITS } from '@consentry/gateway-domain';
import { IsInstant } from '@consentry/shared-http';

// The request bodies of verifications, lookups and batches, for the OpenAPI document. They are
// checked in the service (accessBodyErrors, batchBodyErrors), not by the validation pipe, so
// that a refused body is audited like any refused input, at a fraction of the pipe's cost.

export class VerificationDto {
  @ApiProperty({ example: '001090012345', description: "The citizen's 12-digit ID number", maxLength: ACCESS_BODY_LIMITS.citizenId })
  citizenId: string;

  @ApiProperty({ example: 'account-opening', description: 'Purpose code (one purpose per request)', maxLength: ACCESS_BODY_LIMITS.purpose })
  purpose: string;

  @ApiProperty({
    example: { fullName: 'Nguyễn Văn An', dateOfBirth: '1990-04-12' },
    description: `Claimed values by field code, each a string (at most ${ACCESS_BODY_LIMITS.claimValue} characters) or a number; each answered match or no_match`,
  })
  claims: Record<string, string | number>;
}

export class LookupDto {
  @ApiProperty({ example: '001090012345', maxLength: ACCESS_BODY_LIMITS.citizenId })
  citizenId: string;

  @ApiProperty({ example: 'account-opening', maxLength: ACCESS_BODY_LIMITS.purpose })
  purpose: string;

  @ApiProperty({
    example: ['fullName', 'permanentResidence'],
    description: 'Field codes asked for; only the allowed ones are returned',
    type: [String],
    maxItems: ACCESS_BODY_LIMITS.fields,
  })
  fields: string[];
}

export class VerificationBatchDto {
  @ApiProperty({ type: [VerificationDto], minItems: 1, maxItems: ACCESS_BODY_LIMITS.batchItems, description: 'Each item is checked, answered and charged on its own' })
  items: VerificationDto[];
}

export class UsageQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00+07:00', description: 'ISO 8601 with a zone; default: 30 days before to' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00+07:00', description: 'ISO 8601 with a zone; default: now' })
  @IsOptional()
  @IsInstant()
  to?: string;
}
