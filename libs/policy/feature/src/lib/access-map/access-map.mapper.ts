import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEGAL_BASES, OPERATIONS } from '@consentry/policy-domain';
import { OrganisationRefView } from '../common/common.view';

export class AccessLicenceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: LEGAL_BASES }) legalBasis: string;
  @ApiProperty() legalReference: string;
  @ApiProperty() policyVersion: string;
}

export class AccessMapEntryView {
  @ApiProperty({ type: OrganisationRefView }) organisation: OrganisationRefView;
  @ApiProperty() purpose: string;
  @ApiProperty({ enum: OPERATIONS, isArray: true, description: 'Operations for which a decision now allows the field' }) operations: string[];
  @ApiProperty({ enum: ['consent', 'legal-duty'] }) basis: string;
  @ApiPropertyOptional({ nullable: true, description: 'The consent in force that grants the field, when the basis is consent' }) consentId: string | null;
  @ApiProperty({ type: AccessLicenceView }) licence: AccessLicenceView;
}

export class AccessMapPageView {
  @ApiProperty() field: string;
  @ApiProperty({ enum: ['basic', 'sensitive'] }) category: string;
  @ApiProperty({ description: 'The instant the map was computed for' }) asOf: string;
  @ApiProperty({ type: [AccessMapEntryView], description: 'Ordered by organisation id, licence id, purpose' }) items: AccessMapEntryView[];
  @ApiPropertyOptional({ nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}
