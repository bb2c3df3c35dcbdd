import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageLimit } from '@consentry/shared-http';

const MAX_INDEX = Number.MAX_SAFE_INTEGER;

export class InclusionProofQueryDto {
  @ApiProperty({ description: '0-based index of the leaf', example: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  index: number;

  @ApiProperty({ description: 'Size of the tree the proof is for (at most the current size)', example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INDEX)
  treeSize: number;
}

export class ConsistencyProofQueryDto {
  @ApiProperty({ description: 'Size of the older tree', example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  from: number;

  @ApiProperty({ description: 'Size of the newer tree (at most the current size)', example: 2 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  to: number;
}

export class EntryRangeQueryDto {
  @ApiProperty({ description: 'First index', example: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  start: number;

  @PageLimit(1000, 100)
  limit?: number;
}

export class CheckpointListQueryDto {
  @ApiPropertyOptional({ description: 'Only checkpoints published after this one (its id)', example: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @PageLimit(1000, 100)
  limit?: number;
}

export class InclusionProofDto {
  @ApiProperty() index: number;
  @ApiProperty() treeSize: number;
  @ApiProperty({ description: 'base64 root hash of the tree of treeSize leaves' }) rootHash: string;
  @ApiProperty({ type: [String], description: 'base64 sibling hashes, leaf side first (RFC 9162 2.1.3)' }) proof: string[];
}

export class ConsistencyProofDto {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ type: [String], description: 'base64 hashes (RFC 9162 2.1.4)' }) proof: string[];
}

export class LegalBasisDto {
  @ApiProperty({ enum: ['consent', 'legal-duty'] }) kind: string;
  @ApiPropertyOptional({ nullable: true, type: String }) consentId?: string | null;
  @ApiPropertyOptional() reference?: string;
}

export class FeeDto {
  @ApiProperty() product: string;
  @ApiProperty({ description: 'Whole VND, as a decimal string', example: '3000' }) amountVnd: string;
  @ApiProperty() scheduleVersion: string;
}

/** The fields of an entry anyone may see: what the leaf itself says. */
export class PublicEntryFieldsDto {
  @ApiProperty() eventId: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ enum: ['verify', 'lookup', 'batch', 'decision', 'consent-change'] }) operation: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ type: LegalBasisDto }) legalBasis: LegalBasisDto;
  @ApiProperty({ enum: ['allow', 'deny'] }) decision: string;
  @ApiProperty() reasonCode: string;
  @ApiProperty({ type: [String] }) fields: string[];
  @ApiProperty({ type: FeeDto, nullable: true }) fee: FeeDto | null;
  @ApiProperty() requestId: string;
  @ApiProperty({ nullable: true, type: String, description: 'ISO instant before which the citizen does not see the entry' })
  disclosureAfter: string | null;
  @ApiPropertyOptional({ description: 'true when the verification matched no field asked or the lookup found no citizen; absent otherwise' })
  noMatch?: boolean;
  @ApiPropertyOptional({ description: 'true when the organisation had asked, shortly before, for an ID number next to this one (a sequential scan); absent otherwise' })
  sequentialId?: boolean;
  @ApiPropertyOptional({
    enum: ['operator', 'regulator'],
    description: 'Present only when a member of staff, not the organisation, caused this decision: their role. On a decision asked on '
      + 'POST /v1/decisions the organisation did nothing, it is only the one the decision was asked about; on a case action '
      + '(organisation `regulator`, reason CASE_*) it is the regulator who acted. Absent otherwise',
  })
  requestedBy?: 'operator' | 'regulator';
}

export class PublicEntryDto extends PublicEntryFieldsDto {
  @ApiProperty() index: number;
  @ApiProperty({ description: 'base64 of the exact leaf bytes hashed into the tree (canonical JSON)' }) leaf: string;
  @ApiProperty({ description: 'base64 SHA-256(0x00 || leaf)' }) leafHash: string;
  @ApiProperty({ nullable: true, type: String, description: 'Salted commitment to the citizen pseudonym (hex); the salt is shown only to that citizen' })
  subject: string | null;
  @ApiProperty({ description: 'When the log sequenced the entry' }) sequencedAt: string;
}

export class EntryRangeDto {
  @ApiProperty({ type: [PublicEntryDto] }) entries: PublicEntryDto[];
  @ApiProperty({ description: 'Tree size when read' }) treeSize: number;
}

export class CheckpointDto {
  @ApiProperty() id: number;
  @ApiProperty() treeSize: number;
  @ApiProperty({ description: 'base64' }) rootHash: string;
  @ApiProperty({ description: 'The signed note, exactly as published' }) note: string;
  @ApiProperty() publishedAt: string;
}

export class CheckpointListDto {
  @ApiProperty({ type: [CheckpointDto] }) checkpoints: CheckpointDto[];
}

export class EntryIndexParamDto {
  @ApiProperty({ description: '0-based log index', example: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  index: number;
}
