import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import { ORGANISATION_KINDS, OUTCOMES } from '@consentry/metering-domain';
import { IsInstant } from '@consentry/shared-http';

const VND = /^(0|[1-9]\d{0,17})$/;
const SIGNED_VND = /^-?[1-9]\d{0,17}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class FeeReductionDto {
  @ApiProperty({ example: '2022-09-17' }) @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) from: string;
  @ApiProperty({ example: '2023-12-31' }) @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) to: string;
  @ApiProperty({ example: 5000, description: 'Reduction in basis points (5000 = 50 %)' }) @IsInt() @Min(0) @Max(10_000) basisPoints: number;
  @ApiProperty({ example: 'Circular 48/2022/TT-BTC' }) @IsString() @Length(1, 300) reference: string;
}

export class RatesDto {
  @ApiPropertyOptional({ example: '1000' }) @IsOptional() @Matches(VND, { message: 'must be whole VND' }) SPDC01?: string;
  @ApiPropertyOptional({ example: '1000' }) @IsOptional() @Matches(VND, { message: 'must be whole VND' }) SPDC02?: string;
  @ApiPropertyOptional({ example: '1000' }) @IsOptional() @Matches(VND, { message: 'must be whole VND' }) SPDC03?: string;
  @ApiPropertyOptional({ example: '1000' }) @IsOptional() @Matches(VND, { message: 'must be whole VND' }) SPDC04?: string;
  @ApiPropertyOptional({ example: '1000' }) @IsOptional() @Matches(VND, { message: 'must be whole VND' }) SPDC05?: string;
}

export class PublishFeeScheduleDto {
  @ApiProperty({ example: 'TT-2027.1' }) @IsString() @Length(1, 64) version: string;
  @ApiProperty({ example: '2027-01-01', description: 'First Vietnam date it applies; must be after today' }) @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) effectiveFrom: string;
  @ApiPropertyOptional({ example: null, nullable: true, type: String, description: 'Last Vietnam date it applies (inclusive); null = until superseded' })
  @IsOptional() @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) effectiveTo?: string | null;
  @ApiProperty({ type: RatesDto, description: 'VND per information field, by product' }) @IsObject() @ValidateNested() @Type(() => RatesDto) ratesVnd: RatesDto;
  @ApiProperty({ type: [FeeReductionDto] }) @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => FeeReductionDto) reductions: FeeReductionDto[];
  @ApiProperty({ example: ['state-agency', 'specialised-database-agency', 'political-organisation'] }) @IsArray() @IsIn(ORGANISATION_KINDS, { each: true }) exemptOrganisationKinds: string[];
  @ApiProperty({ example: true }) @IsBoolean() citizenSelfExempt: boolean;
  @ApiProperty({ example: ['match', 'no-match', 'answered'] }) @IsArray() @IsIn(OUTCOMES, { each: true }) billableOutcomes: string[];
  @ApiProperty({ example: 3000, description: "Collector's retained share in basis points" }) @IsInt() @Min(0) @Max(10_000) collectorRetainedBasisPoints: number;
  @ApiProperty({ example: 5 }) @IsInt() @Min(1) @Max(28) declarationDueDay: number;
  @ApiProperty({ example: 'Circular xx/2026/TT-BTC' }) @IsString() @Length(1, 300) legalReference: string;
}

export class ManualTopUpDto {
  @ApiProperty({ example: '5000000', description: 'Whole VND' }) @Matches(VND, { message: 'must be whole VND' }) amountVnd: string;
  @ApiProperty({ example: 'VCB-20260301-0042', description: 'Bank transfer or receipt reference; one top-up per reference' }) @IsString() @Length(1, 200) reference: string;
}

export class CheckoutTopUpDto {
  @ApiProperty({ example: '5000000', description: 'Whole VND' }) @Matches(VND, { message: 'must be whole VND' }) amountVnd: string;
}

export class RefundDto {
  @ApiPropertyOptional({ example: '18000', description: 'Whole VND; default: all that is left of the charge' }) @IsOptional() @Matches(VND, { message: 'must be whole VND' }) amountVnd?: string;
  @ApiProperty({ example: 'Population record was unavailable; answer void' }) @IsString() @Length(3, 500) reason: string;
  @ApiPropertyOptional({ description: 'Idempotency reference' }) @IsOptional() @IsString() @Length(1, 200) reference?: string;
}

export class CorrectionDto {
  @ApiProperty({ example: '-500', description: 'Signed whole VND: positive charges more, negative gives back' }) @Matches(SIGNED_VND, { message: 'must be whole VND other than 0' }) deltaVnd: string;
  @ApiProperty({ example: 'Charged at the 2024 rate for a 2023 request' }) @IsString() @Length(3, 500) reason: string;
  @ApiPropertyOptional({ description: 'Idempotency reference' }) @IsOptional() @IsString() @Length(1, 200) reference?: string;
}

export class QuotaDto {
  @ApiProperty({ example: 100000, description: 'Most fields charged per Vietnam day' }) @IsInt() @Min(0) @Max(1_000_000_000) dailyUnits: number;
}

export class AuditReconciliationDto {
  @ApiProperty({ example: '2026-03-01T00:00:00+07:00', description: 'From (inclusive), ISO 8601 with a zone' }) @IsInstant() from: string;
  @ApiProperty({ example: '2026-03-02T00:00:00+07:00', description: 'Until (exclusive), ISO 8601 with a zone' }) @IsInstant() to: string;
}
