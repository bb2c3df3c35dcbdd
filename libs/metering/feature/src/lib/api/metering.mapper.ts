import type { FeeSchedule } from '@consentry/metering-domain';
import type { PublishedSchedule, StoredFinding } from '@consentry/metering-data-access';
import type { LedgerWriteResult } from '../ledger/ledger-adjustments.service';
import type { FeeScheduleDto, FindingDto, LedgerWriteDto } from './metering-responses.dto';
import type { PublishFeeScheduleDto } from './metering.dto';

export function toFeeScheduleDto(p: PublishedSchedule): FeeScheduleDto {
  const s = p.schedule;
  return {
    version: s.version,
    effectiveFrom: s.effectiveFrom,
    effectiveTo: s.effectiveTo,
    ratesVnd: s.ratesVnd as Record<string, string>,
    reductions: s.reductions,
    exemptOrganisationKinds: s.exemptOrganisationKinds,
    citizenSelfExempt: s.citizenSelfExempt,
    billableOutcomes: s.billableOutcomes,
    collectorRetainedBasisPoints: s.collectorRetainedBasisPoints,
    declarationDueDay: s.declarationDueDay,
    legalReference: s.legalReference,
    publishedBy: p.publishedBy,
    publishedAt: p.publishedAt.toISOString(),
  };
}

export function fromPublishDto(d: PublishFeeScheduleDto): FeeSchedule {
  const rates = Object.fromEntries(Object.entries(d.ratesVnd).filter(([, v]) => v !== undefined));
  return {
    version: d.version,
    effectiveFrom: d.effectiveFrom,
    effectiveTo: d.effectiveTo ?? null,
    ratesVnd: rates,
    reductions: d.reductions.map((r) => ({ from: r.from, to: r.to, basisPoints: r.basisPoints, reference: r.reference })),
    exemptOrganisationKinds: d.exemptOrganisationKinds as FeeSchedule['exemptOrganisationKinds'],
    citizenSelfExempt: d.citizenSelfExempt,
    billableOutcomes: d.billableOutcomes as FeeSchedule['billableOutcomes'],
    collectorRetainedBasisPoints: d.collectorRetainedBasisPoints,
    declarationDueDay: d.declarationDueDay,
    legalReference: d.legalReference,
  };
}

export const toLedgerWriteDto = (r: LedgerWriteResult): LedgerWriteDto => ({ ...r });

export const toFindingDto = (f: StoredFinding): FindingDto => ({
  id: String(f.id),
  runId: f.runId,
  kind: f.kind,
  organisationId: f.organisationId,
  reference: f.reference,
  detail: f.detail,
  foundAt: new Date(f.foundAt).toISOString(),
});
