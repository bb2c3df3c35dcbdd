import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CONSENT_OPERATIONS, CONSENT_STATES, FREQUENCY_PERIODS, OPERATIONS, REQUEST_SUBJECTS } from '@consentry/policy-domain';
import { IsInstant } from '@consentry/shared-http';
import { PURPOSE_CODE } from '../common/policy-problems.util';
import { LicenceTermsDto } from '../licences/licence.dto';

export class DecisionRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The organisation asking' })
  @IsUUID()
  organisationId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The API key the request came with, so a suspension of that key applies' })
  @IsOptional()
  @IsUUID()
  apiKeyId?: string;

  @ApiProperty({ enum: OPERATIONS })
  @IsIn(OPERATIONS)
  operation: string;

  @ApiProperty({ example: 'account-opening', description: 'Purpose code (one purpose per request)' })
  @IsString()
  @Matches(PURPOSE_CODE, { message: 'must be a purpose code (lowercase letters, digits and dashes)' })
  purpose: string;

  @ApiProperty({ example: ['fullName', 'dateOfBirth'], description: 'Field codes from GET /v1/fields; unknown codes are denied with FIELD_UNKNOWN' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  fields: string[];

  @ApiProperty({ example: '001090012345', description: "The citizen's 12-digit ID number; used only as its keyed pseudonym, never stored or logged" })
  @IsString()
  citizenId: string;

  @ApiPropertyOptional({ enum: REQUEST_SUBJECTS, default: 'organisation', description: 'citizen-self: the citizen looking at their own data' })
  @IsOptional()
  @IsIn(REQUEST_SUBJECTS)
  subject?: string;
}

export class FrequencyDto {
  @ApiProperty({ example: 5, minimum: 0 }) @IsInt() @Min(0) @Max(1_000_000) limit: number;
  @ApiProperty({ enum: FREQUENCY_PERIODS }) @IsIn(FREQUENCY_PERIODS) period: string;
}

/** A consent that does not exist, to ask "what if the citizen had consented to this". */
export class HypotheticalConsentDto {
  @ApiPropertyOptional({ enum: CONSENT_STATES, default: 'ACTIVE' })
  @IsOptional()
  @IsIn(CONSENT_STATES)
  state?: string;

  @ApiProperty({ example: ['fullName'], description: 'Fields granted, each named' })
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  fields: string[];

  @ApiProperty({ enum: CONSENT_OPERATIONS, isArray: true })
  @IsArray()
  @ArrayMaxSize(CONSENT_OPERATIONS.length)
  @IsIn(CONSENT_OPERATIONS, { each: true })
  operations: string[];

  @ApiPropertyOptional({ description: 'Default: the decision instant' }) @IsOptional() @IsInstant() validFrom?: string;
  @ApiPropertyOptional({ description: 'Default: a year after the decision instant' }) @IsOptional() @IsInstant() validTo?: string;

  @ApiPropertyOptional({ type: FrequencyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => FrequencyDto)
  frequency?: FrequencyDto;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Uses already made in the current period' })
  @IsOptional()
  @IsInt()
  @Min(0)
  usesInPeriod?: number;
}

export class SimulationRequestDto extends OmitType(DecisionRequestDto, ['citizenId'] as const) {
  @ApiPropertyOptional({ example: '001090012345', description: "The citizen, to use their real consent when no hypothetical consent is given" })
  @IsOptional()
  @IsString()
  citizenId?: string;

  @ApiPropertyOptional({ example: '2026-07-01T00:00:00Z', description: 'Decide as at this instant (licence version and validity windows); default now' })
  @IsOptional()
  @IsInstant()
  at?: string;

  @ApiPropertyOptional({ type: LicenceTermsDto, description: 'A proposed licence for the organisation, used instead of the one in force' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LicenceTermsDto)
  licence?: LicenceTermsDto;

  @ApiPropertyOptional({ type: HypotheticalConsentDto, description: "A hypothetical consent, used instead of the citizen's real one" })
  @IsOptional()
  @ValidateNested()
  @Type(() => HypotheticalConsentDto)
  consent?: HypotheticalConsentDto;
}
