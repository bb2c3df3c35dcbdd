import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { DATA_SUBJECT_REQUEST_KINDS, type DataSubjectRequestKind } from '@consentry/monitoring-domain';
import { PageLimit } from '@consentry/shared-http';

export const DSR_OUTCOMES = ['granted', 'partly-granted', 'refused'] as const;

export class FileDataSubjectRequestDto {
  @ApiProperty({ enum: DATA_SUBJECT_REQUEST_KINDS, description: 'The right exercised' })
  @IsIn(DATA_SUBJECT_REQUEST_KINDS)
  kind: DataSubjectRequestKind;

  @ApiPropertyOptional({ description: 'What the citizen asks for, in their words (e.g. which data to correct)' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  details?: string;
}

export class AnswerDataSubjectRequestDto {
  @ApiProperty({ enum: DSR_OUTCOMES })
  @IsIn(DSR_OUTCOMES)
  outcome: (typeof DSR_OUTCOMES)[number];

  @ApiPropertyOptional({ description: 'The answer sent to the citizen (reasons for a refusal)' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  note?: string;
}

export class DataSubjectRequestIdDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class DataSubjectRequestListQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page (opaque); omit for the first page' })
  @IsOptional()
  @IsString()
  @Length(1, 400)
  cursor?: string;

  @PageLimit(200, 50)
  limit?: number;
}

export class DataSubjectRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: DATA_SUBJECT_REQUEST_KINDS }) kind: string;
  @ApiProperty({ nullable: true, type: String }) details: string | null;
  @ApiProperty() filedAt: string;
  @ApiProperty({ description: 'End of the 2nd working day after filing (Asia/Ho_Chi_Minh, weekends and public holidays excluded)' }) acknowledgeBy: string;
  @ApiProperty({ description: 'End of the statutory period in working days for this kind' }) answerBy: string;
  @ApiProperty({ description: 'Statutory deadline rules in force at filing' }) deadlineRulesVersion: string;
  @ApiProperty({ enum: ['filed', 'acknowledged', 'answered', 'acknowledgement-overdue', 'answer-overdue'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) answeredAt: string | null;
  @ApiProperty({ nullable: true, enum: DSR_OUTCOMES }) outcome: string | null;
  @ApiProperty({ nullable: true, type: String }) answerNote: string | null;
}

export class DataSubjectRequestListDto {
  @ApiProperty({ type: [DataSubjectRequestDto] }) items: DataSubjectRequestDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

/** The regulator's view: no free text and no pseudonym (the request's content is between citizen and operator). */
export class OverdueRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: DATA_SUBJECT_REQUEST_KINDS }) kind: string;
  @ApiProperty() filedAt: string;
  @ApiProperty() acknowledgeBy: string;
  @ApiProperty() answerBy: string;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt: string | null;
  @ApiProperty({ enum: ['acknowledgement-overdue', 'answer-overdue'] }) status: string;
}

export class OverdueCountsDto {
  @ApiProperty() total: number;
  @ApiProperty() acknowledgementOverdue: number;
  @ApiProperty() answerOverdue: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Overdue requests by kind' }) byKind: Record<string, number>;
}

export class OverdueRequestsDto {
  @ApiProperty() asOf: string;
  @ApiProperty({ type: OverdueCountsDto }) counts: OverdueCountsDto;
  @ApiProperty({ type: [OverdueRequestDto] }) items: OverdueRequestDto[];
}
