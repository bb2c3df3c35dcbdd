import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SUSPENSION_TARGETS, SuspensionRecord } from '@consentry/policy-data-access';
import { OrganisationRefView, RecordedByView } from '../common/common.view';

export class SuspensionLiftView {
  @ApiPropertyOptional({ nullable: true }) reason: string | null;
  @ApiProperty({ type: RecordedByView }) liftedBy: RecordedByView;
  @ApiProperty() liftedAt: string;
}

export class SuspensionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SUSPENSION_TARGETS }) target: string;
  @ApiProperty({ type: OrganisationRefView }) organisation: OrganisationRefView;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) apiKeyId: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ type: RecordedByView }) suspendedBy: RecordedByView;
  @ApiProperty({ description: 'In force from this instant (its commit) until lifted' }) suspendedAt: string;
  @ApiProperty() active: boolean;
  @ApiPropertyOptional({ type: SuspensionLiftView, nullable: true }) lift: SuspensionLiftView | null;
}

export class SuspensionPageView {
  @ApiProperty({ type: [SuspensionView] }) items: SuspensionView[];
  @ApiPropertyOptional({ nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

export function toSuspensionView(s: SuspensionRecord, organisationName: string): SuspensionView {
  return {
    id: s.id,
    target: s.target,
    organisation: { id: s.organisationId, name: organisationName },
    apiKeyId: s.apiKeyId,
    reason: s.reason,
    suspendedBy: s.suspendedBy,
    suspendedAt: s.suspendedAt,
    active: s.lift === null,
    lift: s.lift,
  };
}
