import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { LicenceRecord, LicenceSummary, StoredLicenceVersion } from '@consentry/policy-data-access';
import { LEGAL_BASES, LICENCE_STATUSES, ORGANISATION_KINDS } from '@consentry/policy-domain';
import { OrganisationRefView, RecordedByView } from '../common/common.view';
import { policyVersionOf } from '../policy-version.util';

export class LicenceGrantView {
  @ApiProperty() purposeCode: string;
  @ApiProperty({ type: [String] }) operations: string[];
  @ApiProperty({ type: [String] }) fields: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { idNumber: 'mask' } }) obligations: Record<string, string>;
}

export class LicenceVersionView {
  @ApiProperty() version: number;
  @ApiProperty({ description: 'The policy version a decision under this licence version records (rules version of this service)' }) policyVersion: string;
  @ApiProperty({ description: 'This version governs decisions from this instant (inclusive)' }) effectiveFrom: string;
  @ApiPropertyOptional({ nullable: true, description: 'Until the next version takes over (exclusive); null for the latest' }) effectiveTo: string | null;
  @ApiProperty({ description: 'True for the version governing decisions now' }) inForce: boolean;
  @ApiProperty({ enum: LICENCE_STATUSES }) status: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) organisationKind: string;
  @ApiProperty({ enum: LEGAL_BASES }) legalBasis: string;
  @ApiProperty() legalReference: string;
  @ApiProperty({ type: [LicenceGrantView] }) grants: LicenceGrantView[];
  @ApiProperty() validFrom: string;
  @ApiProperty() validTo: string;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
  @ApiProperty({ type: RecordedByView }) createdBy: RecordedByView;
  @ApiProperty() createdAt: string;
}

export class LicenceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: OrganisationRefView }) organisation: OrganisationRefView;
  @ApiProperty() createdAt: string;
  @ApiProperty() latestVersion: number;
  @ApiPropertyOptional({ type: LicenceVersionView, nullable: true, description: 'The version in force now; null before version 1 takes effect' })
  current: LicenceVersionView | null;
}

export class LicenceDetailView extends LicenceView {
  @ApiProperty({ type: [LicenceVersionView], description: 'Every version, oldest first; none is ever changed' }) versions: LicenceVersionView[];
}

export class LicencePageView {
  @ApiProperty({ type: [LicenceView] }) items: LicenceView[];
  @ApiPropertyOptional({ nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

export function toLicenceVersionView(v: StoredLicenceVersion, now: Date): LicenceVersionView {
  const t = now.getTime();
  const l = v.licence;
  return {
    version: v.version,
    policyVersion: policyVersionOf(l),
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo,
    inForce: Date.parse(v.effectiveFrom) <= t && (v.effectiveTo === null || t < Date.parse(v.effectiveTo)),
    status: l.status,
    organisationKind: l.organisationKind,
    legalBasis: l.legalBasis,
    legalReference: l.legalReference,
    grants: l.grants.map((g) => ({
      purposeCode: g.purposeCode,
      operations: [...g.operations],
      fields: [...g.fields],
      obligations: { ...(g.obligations ?? {}) } as Record<string, string>,
    })),
    validFrom: l.validFrom,
    validTo: l.validTo,
    note: v.note,
    createdBy: v.createdBy,
    createdAt: v.createdAt,
  };
}

export function toLicenceView(s: LicenceSummary, organisationName: string, now: Date): LicenceView {
  return {
    id: s.id,
    organisation: { id: s.organisationId, name: organisationName },
    createdAt: s.createdAt,
    latestVersion: s.latestVersion,
    current: s.current ? toLicenceVersionView(s.current, now) : null,
  };
}

export function toLicenceDetailView(record: LicenceRecord, versions: StoredLicenceVersion[], organisationName: string, now: Date): LicenceDetailView {
  const views = versions.map((v) => toLicenceVersionView(v, now));
  return {
    id: record.id,
    organisation: { id: record.organisationId, name: organisationName },
    createdAt: record.createdAt,
    latestVersion: versions[versions.length - 1]?.version ?? 0,
    current: views.find((v) => v.inForce) ?? null,
    versions: views,
  };
}
