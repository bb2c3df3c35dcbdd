import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrganisationDirectory } from '@consentry/identity-feature';
import { RecordedBy, SuspensionRecord, SuspensionRepository, SuspensionTarget } from '@consentry/policy-data-access';
import { FieldError, ProblemException } from '@consentry/shared-http';
import { throwIfAny } from '../common/policy-problems.util';
import { CreateSuspensionDto, LiftSuspensionDto, ListSuspensionsQueryDto } from './suspension.dto';
import { SuspensionPageView, SuspensionView, toSuspensionView } from './suspension.mapper';

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'suspension-not-found', 'Suspension not found', 'No suspension has this id');
const alreadyLifted = (s: SuspensionRecord) =>
  new ProblemException(HttpStatus.CONFLICT, 'suspension-already-lifted', 'Already lifted', `This suspension was lifted at ${s.lift?.liftedAt}; suspend again if needed`);

/**
 * Suspending and lifting. Both are single inserts that commit before the response, and every
 * decision reads suspensions from the database (PolicyReader), so a suspension denies the next
 * request on every replica. A suspension made by the regulator is the regulator's to lift: an
 * operator cannot overrule an enforcement measure.
 */
@Injectable()
export class SuspensionManagement {
  private readonly suspensions: SuspensionRepository;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly organisations: OrganisationDirectory,
  ) {
    this.suspensions = new SuspensionRepository(dataSource);
  }

  async suspend(dto: CreateSuspensionDto, by: RecordedBy): Promise<SuspensionView> {
    const errors: FieldError[] = [];
    if (dto.target === 'organisation' && dto.apiKeyId !== undefined) errors.push({ field: 'apiKeyId', message: 'is only for target api-key' });
    const names = await this.organisations.names([dto.organisationId]);
    if (!names.has(dto.organisationId)) errors.push({ field: 'organisationId', message: 'no organisation with this id in the identity directory' });
    // A key is refused by its id alone: one of another organisation would stop that organisation,
    // under a record that names this one.
    else if (dto.target === 'api-key' && dto.apiKeyId && !(await this.organisations.keyBelongsTo(dto.apiKeyId.toLowerCase(), dto.organisationId))) {
      errors.push({ field: 'apiKeyId', message: 'is not a key of this organisation' });
    }
    throwIfAny(errors);
    const record = await this.suspensions.insert({
      id: randomUUID(),
      target: dto.target as SuspensionTarget,
      organisationId: dto.organisationId,
      apiKeyId: dto.target === 'api-key' ? dto.apiKeyId!.toLowerCase() : null,
      reason: dto.reason,
      by,
    });
    return toSuspensionView(record, names.get(dto.organisationId)!);
  }

  async lift(id: string, dto: LiftSuspensionDto, by: RecordedBy): Promise<SuspensionView> {
    const found = await this.suspensions.find(id);
    if (!found) throw notFound();
    if (found.lift) throw alreadyLifted(found);
    if (found.suspendedBy.role === 'regulator' && by.role !== 'regulator') {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'suspension-by-regulator', 'Forbidden', 'A suspension made by the regulator can only be lifted by the regulator');
    }
    if (!(await this.suspensions.lift(id, dto.reason ?? null, by))) throw alreadyLifted((await this.suspensions.find(id))!);
    const lifted = (await this.suspensions.find(id))!;
    return toSuspensionView(lifted, await this.organisations.name(lifted.organisationId));
  }

  async list(query: ListSuspensionsQueryDto): Promise<SuspensionPageView> {
    const page = await this.suspensions.list({
      active: query.active === undefined ? undefined : query.active === 'true',
      organisationId: query.organisationId,
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
    const names = await this.organisations.names(page.items.map((s) => s.organisationId));
    return { items: page.items.map((s) => toSuspensionView(s, names.get(s.organisationId) ?? 'Unknown organisation')), nextCursor: page.nextCursor };
  }
}
