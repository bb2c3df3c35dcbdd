import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { LEGAL_BASES, LICENCE_STATUSES, OBLIGATION_KINDS, OPERATIONS, ORGANISATION_KINDS } from '@consentry/policy-domain';
import { IsInstant, PageLimit } from '@consentry/shared-http';
import { PURPOSE_CODE } from '../common/policy-problems.util';

export class LicenceGrantDto {
  @ApiProperty({ example: 'account-opening', description: 'A purpose code of the consent registry catalogue (GET /v1/purposes there)' })
  @IsString()
  @Matches(PURPOSE_CODE, { message: 'must be a purpose code (lowercase letters, digits and dashes)' })
  purposeCode: string;

  @ApiProperty({ enum: OPERATIONS, isArray: true, example: ['verify', 'lookup'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(OPERATIONS.length)
  @IsIn(OPERATIONS, { each: true })
  operations: string[];

  @ApiProperty({ example: ['fullName', 'dateOfBirth'], description: 'Field codes from GET /v1/fields, each named' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(64)
  @IsString({ each: true })
  fields: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...OBLIGATION_KINDS] },
    example: { idNumber: 'mask' },
    description: 'Per granted field, what a lookup may return (a verify is always match-only)',
  })
  @IsOptional()
  @IsObject()
  obligations?: Record<string, string>;
}

/** The terms of a licence version: what the operator writes. */
export class LicenceTermsDto {
  @ApiProperty({ enum: ORGANISATION_KINDS, description: 'As the organisation is registered in the identity directory' })
  @IsIn(ORGANISATION_KINDS)
  organisationKind: string;

  @ApiProperty({ enum: LEGAL_BASES, description: 'consent, or a legal duty (state bodies only) that needs none for basic fields' })
  @IsIn(LEGAL_BASES)
  legalBasis: string;

  @ApiPropertyOptional({ example: 'Law on Credit Institutions 2024, art. 12', description: 'The statute or decision it rests on; required for a legal duty' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  legalReference?: string;

  @ApiProperty({ type: [LicenceGrantDto], description: 'One grant per purpose' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => LicenceGrantDto)
  grants: LicenceGrantDto[];

  @ApiProperty({ example: '2026-01-01T00:00:00Z', description: 'Start of the licence validity (inclusive)' })
  @IsInstant()
  validFrom: string;

  @ApiProperty({ example: '2028-01-01T00:00:00Z', description: 'End of the licence validity (exclusive)' })
  @IsInstant()
  validTo: string;

  @ApiPropertyOptional({ enum: LICENCE_STATUSES, default: 'active', description: 'Revoke or suspend a licence with a new version' })
  @IsOptional()
  @IsIn(LICENCE_STATUSES)
  status?: string;
}

class VersionMetaDto extends LicenceTermsDto {
  @ApiPropertyOptional({ example: '2026-07-01T00:00:00Z', description: 'When this version takes over (default: now); never in the past' })
  @IsOptional()
  @IsInstant()
  effectiveFrom?: string;

  @ApiPropertyOptional({ example: 'Adds the lookup operation after the 2026 audit', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class CreateLicenceDto extends VersionMetaDto {
  @ApiProperty({ format: 'uuid', description: 'The organisation in the identity directory' })
  @IsUUID()
  organisationId: string;
}

/** A new version: any term left out is copied from the latest version. */
export class NewLicenceVersionDto extends PartialType(VersionMetaDto) {}

export class ListLicencesQueryDto {
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
