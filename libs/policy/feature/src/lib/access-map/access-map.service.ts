import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrganisationDirectory } from '@consentry/identity-feature';
import { FieldCode, fieldCategory, isFieldCode } from '@consentry/population-domain';
import {
  AccessCandidate,
  AccessCandidateRepository,
  AccessKey,
  ConsentInForce,
  ConsentRegistryView,
  LicenceRepository,
  SuspensionInForce,
  SuspensionRepository,
  cursorKey,
  encodeCursor,
  isUuid,
} from '@consentry/policy-data-access';
import { OPERATIONS, PolicyEvaluator } from '@consentry/policy-domain';
import { ValidationProblem } from '@consentry/shared-http';
import { PURPOSE_CODE } from '../common/policy-problems.util';
import { policyVersionOf } from '../policy-version.util';
import { CLOCK, Clock, POLICY_EVALUATOR } from '../policy.tokens';
import { AccessMapEntryView, AccessMapPageView } from './access-map.mapper';

/** Allowed entries of one page, with the candidate key each came from. */
type Found = { key: AccessKey; entry: Omit<AccessMapEntryView, 'organisation'> & { organisationId: string } };

const isPurpose = (v: unknown) => typeof v === 'string' && PURPOSE_CODE.test(v);

/**
 * Which organisations may access one field of one citizen now, and under which licence. The
 * database proposes candidates (licences in force naming the field, on a legal duty or meeting a
 * consent in force that names it); each is then decided by the same rules, licence selection and
 * inputs as a real request, and kept only if a decision would release the field. So the map is
 * complete (every path to an allow is a candidate) and never lists what a decision would deny.
 * Keyset-paginated on (organisation, licence, purpose).
 */
@Injectable()
export class AccessMapService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POLICY_EVALUATOR) private readonly evaluator: PolicyEvaluator,
    private readonly organisations: OrganisationDirectory,
  ) {}

  async forCitizen(citizenPseudonym: string, query: { field: string; cursor?: string; limit?: number }): Promise<AccessMapPageView> {
    if (!isFieldCode(query.field)) throw new ValidationProblem([{ field: 'field', message: 'is not a field code of GET /v1/fields' }]);
    let after = query.cursor ? (cursorKey(query.cursor, [isUuid, isUuid, isPurpose]) as AccessKey) : undefined;
    const field = query.field;
    const limit = query.limit ?? 50;
    const now = this.clock.now();
    const batchSize = Math.min(500, Math.max(2 * limit, 50));
    const candidates = new AccessCandidateRepository(this.dataSource);
    const found: Found[] = [];

    for (;;) {
      const batch = await candidates.page({ citizenPseudonym, field, sensitive: fieldCategory(field) === 'sensitive', at: now, after, limit: batchSize });
      if (batch.length === 0) break;
      for (const f of await this.decideBatch(batch, citizenPseudonym, field, now)) {
        found.push(f);
        if (found.length > limit) break;
      }
      if (found.length > limit || batch.length < batchSize) break;
      const last = batch[batch.length - 1];
      after = [last.organisationId, last.licenceId, last.purposeCode];
    }

    const page = found.slice(0, limit);
    const names = await this.organisations.names(page.map((f) => f.entry.organisationId));
    return {
      field,
      category: fieldCategory(field),
      asOf: now.toISOString(),
      items: page.map(({ entry: { organisationId, ...rest } }) => ({
        organisation: { id: organisationId, name: names.get(organisationId) ?? 'Unknown organisation' },
        ...rest,
      })),
      nextCursor: found.length > limit ? encodeCursor(page[page.length - 1].key) : null,
    };
  }

  /** The candidates of one batch that a decision would allow, in candidate order. */
  private async decideBatch(batch: AccessCandidate[], citizenPseudonym: string, field: FieldCode, now: Date): Promise<Found[]> {
    const organisationIds = [...new Set(batch.map((c) => c.organisationId))];
    const selected = await new LicenceRepository(this.dataSource).selectedForRequests(batch, now);
    const suspended = await new SuspensionRepository(this.dataSource).organisationsSuspended(organisationIds);
    const consents = new Map(
      (await new ConsentRegistryView(this.dataSource).consentsInForce(citizenPseudonym, organisationIds, now)).map((c) => [`${c.organisationId}|${c.purposeCode}`, c]),
    );
    const out: Found[] = [];
    for (const c of batch) {
      const pair = `${c.organisationId}|${c.purposeCode}`;
      // A request is decided under one licence per (organisation, purpose); any other is not a way in.
      if (selected.get(pair) !== `${c.licenceId}@${c.version}`) continue;
      const entry = this.allowedEntry(c, field, now, suspended.get(c.organisationId) ?? null, consents.get(pair));
      if (entry) out.push({ key: [c.organisationId, c.licenceId, c.purposeCode], entry });
    }
    return out;
  }

  private allowedEntry(c: AccessCandidate, field: FieldCode, now: Date, suspension: SuspensionInForce | null, consent: ConsentInForce | undefined): Found['entry'] | null {
    const granted = new Set(c.licence.grants.filter((g) => g.purposeCode === c.purposeCode).flatMap((g) => g.operations));
    const policyVersion = policyVersionOf(c.licence);
    const operations: string[] = [];
    let basis: string | null = null;
    let consentId: string | null = null;
    for (const operation of OPERATIONS) {
      if (!granted.has(operation)) continue;
      const d = this.evaluator.decide({
        organisationId: c.organisationId,
        operation,
        purposeCode: c.purposeCode,
        fields: [field],
        subject: 'organisation',
        licence: c.licence,
        consent,
        suspension: suspension ? { suspensionId: suspension.id, since: suspension.suspendedAt } : null,
        now,
        policyVersion,
      });
      if (!d.allowedFields.includes(field)) continue;
      operations.push(operation);
      basis ??= d.basis;
      consentId ??= d.consentId;
    }
    if (operations.length === 0) return null;
    return {
      organisationId: c.organisationId,
      purpose: c.purposeCode,
      operations,
      basis: basis!,
      consentId,
      licence: { id: c.licence.id, version: c.licence.version, legalBasis: c.licence.legalBasis, legalReference: c.licence.legalReference, policyVersion },
    };
  }
}
