import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrganisationDirectory } from '@consentry/identity-feature';
import { ConsentRegistryView, LicenceRepository, RecordedBy, StoredLicenceVersion } from '@consentry/policy-data-access';
import { Licence, validateLicence } from '@consentry/policy-domain';
import { FieldError, ProblemException } from '@consentry/shared-http';
import { licenceFieldErrors, throwIfAny } from '../common/policy-problems.util';
import { CLOCK, Clock } from '../policy.tokens';
import { CreateLicenceDto, ListLicencesQueryDto, NewLicenceVersionDto } from './licence.dto';
import { LicenceDetailView, LicencePageView, toLicenceDetailView, toLicenceView } from './licence.mapper';
import { LicenceTermsInput, licenceFromTerms, sameTerms, termsOf } from './licence-terms.util';

/** Clients' clocks drift: an effective date this little in the past means "now". */
const EFFECTIVE_SKEW_MS = 60_000;

export const licenceNotFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'licence-not-found', 'Licence not found', 'No licence has this id');

/**
 * Licences as versioned documents: version 1 on creation, then a new version per change, each
 * with the instant it takes over. A version is never rewritten, never takes effect in the past,
 * and never before the version it follows, so "the version in force at t" is always the newest
 * version whose effective date has come.
 */
@Injectable()
export class LicenceManagement {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly organisations: OrganisationDirectory,
  ) {}

  async create(dto: CreateLicenceDto, by: RecordedBy): Promise<LicenceDetailView> {
    const now = this.clock.now();
    const licence = licenceFromTerms(dto, { id: randomUUID(), organisationId: dto.organisationId, version: 1 });
    const errors = await this.check(this.dataSource, licence);
    const effectiveFrom = this.effectiveFrom(dto.effectiveFrom, now, null, errors);
    const kind = (await this.organisations.kinds([dto.organisationId])).get(dto.organisationId);
    if (!kind) {
      errors.push({ field: 'organisationId', message: 'no organisation with this id in the identity directory' });
    } else if (kind !== licence.organisationKind) {
      // The kind decides legal duty and fee exemptions: it must be the one the directory records.
      errors.push({ field: 'organisationKind', message: `must be "${kind}", the organisation's kind in the identity directory` });
    }
    throwIfAny(errors);
    await this.dataSource.transaction(async (manager) => {
      const repo = new LicenceRepository(manager);
      await repo.insertLicence({ id: licence.id, organisationId: licence.organisationId, createdBy: by.accountId });
      await repo.appendVersion({ licence, effectiveFrom, note: dto.note ?? null, createdBy: by });
    });
    return this.get(licence.id);
  }

  async addVersion(id: string, dto: NewLicenceVersionDto, by: RecordedBy): Promise<LicenceDetailView> {
    await this.dataSource.transaction(async (manager) => {
      const repo = new LicenceRepository(manager);
      const record = await repo.lockLicence(id);
      if (!record) throw licenceNotFound();
      const latest = (await repo.latestVersion(id))!;
      const terms: LicenceTermsInput = { ...termsOf(latest.licence), ...definedTerms(dto) };
      const licence = licenceFromTerms(terms, { id, organisationId: record.organisationId, version: latest.version + 1 });
      const errors = await this.check(manager, licence);
      const kind = (await this.organisations.kinds([record.organisationId], manager)).get(record.organisationId);
      if (kind && kind !== licence.organisationKind) {
        errors.push({ field: 'organisationKind', message: `must be "${kind}", the organisation's kind in the identity directory` });
      }
      const effectiveFrom = this.effectiveFrom(dto.effectiveFrom, this.clock.now(), latest, errors);
      if (errors.length === 0 && sameTerms(licence, latest.licence)) {
        errors.push({ field: 'body', message: `changes no term of version ${latest.version}` });
      }
      throwIfAny(errors);
      await repo.appendVersion({ licence, effectiveFrom, note: dto.note ?? null, createdBy: by });
    });
    return this.get(id);
  }

  async get(id: string): Promise<LicenceDetailView> {
    const repo = new LicenceRepository(this.dataSource);
    const record = await repo.findLicence(id);
    if (!record) throw licenceNotFound();
    const versions = await repo.versions(id);
    return toLicenceDetailView(record, versions, await this.organisations.name(record.organisationId), this.clock.now());
  }

  async list(query: ListLicencesQueryDto): Promise<LicencePageView> {
    const now = this.clock.now();
    const page = await new LicenceRepository(this.dataSource).list({ organisationId: query.organisationId, cursor: query.cursor, limit: query.limit ?? 50, at: now });
    const names = await this.organisations.names(page.items.map((l) => l.organisationId));
    return {
      items: page.items.map((l) => toLicenceView(l, names.get(l.organisationId) ?? 'Unknown organisation', now)),
      nextCursor: page.nextCursor,
    };
  }

  /** The domain's licence problems, and purposes missing from the consent registry's catalogue. */
  private async check(source: DataSource | EntityManager, licence: Licence): Promise<FieldError[]> {
    const errors = licenceFieldErrors(validateLicence(licence));
    const known = await new ConsentRegistryView(source).knownPurposes(licence.grants.map((g) => g.purposeCode));
    licence.grants.forEach((g, i) => {
      if (!known.has(g.purposeCode)) errors.push({ field: `grants.${i}.purposeCode`, message: `${g.purposeCode} is not in the consent registry's purpose catalogue` });
    });
    return errors;
  }

  private effectiveFrom(given: string | undefined, now: Date, previous: StoredLicenceVersion | null, errors: FieldError[]): Date {
    const requested = given === undefined ? now.getTime() : Date.parse(given);
    if (requested < now.getTime() - EFFECTIVE_SKEW_MS) {
      errors.push({ field: 'effectiveFrom', message: 'must not be in the past: a licence change never applies to decisions already taken' });
    }
    const effective = new Date(Math.max(requested, now.getTime()));
    if (previous && effective.getTime() < Date.parse(previous.effectiveFrom)) {
      errors.push({ field: 'effectiveFrom', message: `must not be before version ${previous.version} takes effect (${previous.effectiveFrom})` });
    }
    return effective;
  }
}

/** The terms a new-version request sets; the rest carry over from the latest version. */
function definedTerms(dto: NewLicenceVersionDto): Partial<LicenceTermsInput> {
  const keys = ['organisationKind', 'legalBasis', 'legalReference', 'grants', 'validFrom', 'validTo', 'status'] as const;
  return Object.fromEntries(keys.filter((k) => dto[k] !== undefined).map((k) => [k, dto[k]]));
}
