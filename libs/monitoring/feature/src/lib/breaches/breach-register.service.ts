import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Clock } from '@consentry/audit-feature';
import { Breach, BreachDeadlineEventRepository, BreachRepository } from '@consentry/monitoring-data-access';
import { BREACH_REMINDER_POLICY_V1 } from '@consentry/monitoring-domain';
import { ProblemException, ValidationProblem } from '@consentry/shared-http';
import { DATA_PROTECTION_CLOCK } from '../data-protection.settings';
import type { BreachDashboardDto, BreachDto, BreachListDto, BreachListStatus, ReportBreachDto } from './breach.dto';
import { toBreachDto } from './breach.mapper';

/** Who is looking: an organisation sees its own breaches, the operator the platform's, the regulator all. */
export type BreachViewer = { kind: 'organisation'; organisationId: string } | { kind: 'operator' } | { kind: 'regulator' };

export type BreachReporter = { kind: 'organisation'; organisationId: string; keyId: string } | { kind: 'operator'; accountId: string };

const HOUR = 3_600_000;

const notFound = (id: string) => new ProblemException(404, 'breach-not-found', 'No such breach', `No breach ${id} is visible to you`);

/** The breach register's use cases: report, read (scoped), list, mark the authority notified, dashboard. */
@Injectable()
export class BreachRegisterService {
  private readonly logger = new Logger('BreachRegister');
  private readonly breaches = new BreachRepository();
  private readonly events = new BreachDeadlineEventRepository();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(DATA_PROTECTION_CLOCK) private readonly clock: Clock,
  ) {}

  async report(reporter: BreachReporter, input: ReportBreachDto): Promise<BreachDto> {
    const now = this.clock.now();
    const discovered = Date.parse(input.discoveredAt);
    // The DTO admits only zoned ISO 8601 instants; this keeps a form Date.parse cannot read (a
    // week date, say) from reaching new Date(NaN).toISOString() as a 500 should that ever slip.
    if (Number.isNaN(discovered)) throw new ValidationProblem([{ field: 'discoveredAt', message: 'must be an ISO 8601 timestamp with a time zone' }]);
    // A minute of tolerance for the reporter's clock.
    if (discovered > now.getTime() + 60_000) throw new ValidationProblem([{ field: 'discoveredAt', message: 'must not be in the future' }]);
    const breach = await this.breaches.report(
      this.db,
      {
        reportedBy: reporter.kind === 'operator' ? `operator:${reporter.accountId}` : `api-key:${reporter.keyId}`,
        organisationId: reporter.kind === 'organisation' ? reporter.organisationId : null,
        description: input.description,
        dataCategories: input.dataCategories,
        affectedCitizens: input.affectedCitizens ?? null,
        discoveredAt: new Date(discovered).toISOString(),
        measures: input.measures ?? null,
      },
      now.toISOString(),
    );
    this.logger.log({ msg: 'breach reported', breachId: breach.id, reporter: reporter.kind, notifyBy: breach.notifyBy });
    return toBreachDto(breach, [], now);
  }

  async get(viewer: BreachViewer, id: string): Promise<BreachDto> {
    const breach = await this.breaches.get(this.db, id);
    if (!breach || !visibleTo(viewer, breach)) throw notFound(id);
    const events = await this.events.forBreaches(this.db, [id]);
    return toBreachDto(breach, events.get(id) ?? [], this.clock.now());
  }

  async list(viewer: BreachViewer, query: { status?: BreachListStatus; cursor?: string; limit?: number }): Promise<BreachListDto> {
    const now = this.clock.now();
    const status = query.status ?? 'all';
    const page = await this.breaches.list(this.db, {
      organisationId: viewer.kind === 'organisation' ? viewer.organisationId : viewer.kind === 'operator' ? null : undefined,
      unnotifiedOnly: status !== 'all',
      notifyBefore:
        status === 'overdue' ? now.toISOString() : status === 'due-soon' ? new Date(now.getTime() + BREACH_REMINDER_POLICY_V1.dueSoonHours * HOUR).toISOString() : undefined,
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
    return { items: await this.withEvents(page.items, now), nextCursor: page.nextCursor };
  }

  async markAuthorityNotified(id: string, regulatorAccountId: string, reference: string | null): Promise<BreachDto> {
    const breach = await this.breaches.get(this.db, id);
    if (!breach) throw notFound(id);
    const at = this.clock.now();
    if (!(await this.breaches.markAuthorityNotified(this.db, id, at.toISOString(), { actor: `regulator:${regulatorAccountId}`, reference }))) {
      throw new ProblemException(409, 'authority-already-notified', 'Already notified', `The authority's notification of breach ${id} is already recorded`);
    }
    this.logger.log({ msg: 'breach authority notification recorded', breachId: id, late: at.toISOString() > breach.notifyBy });
    return this.get({ kind: 'regulator' }, id);
  }

  async dashboard(): Promise<BreachDashboardDto> {
    const now = this.clock.now();
    const soon = new Date(now.getTime() + BREACH_REMINDER_POLICY_V1.dueSoonHours * HOUR).toISOString();
    const unnotified = await this.breaches.list(this.db, { unnotifiedOnly: true, limit: 10_000 });
    const dtos = await this.withEvents(unnotified.items, now);
    const overdue = dtos.filter((b) => b.status === 'overdue');
    const dueSoon = dtos.filter((b) => b.status === 'due-soon' && b.notifyBy <= soon);
    return {
      asOf: now.toISOString(),
      counts: {
        unnotified: dtos.length,
        dueSoon: dueSoon.length,
        overdue: overdue.length,
        escalated: dtos.filter((b) => b.deadlineEvents.some((e) => e.kind === 'escalated')).length,
      },
      overdue: overdue.slice(0, 100),
      dueSoon: dueSoon.slice(0, 100),
    };
  }

  private async withEvents(rows: Breach[], now: Date): Promise<BreachDto[]> {
    const events = await this.events.forBreaches(this.db, rows.map((b) => b.id));
    return rows.map((b) => toBreachDto(b, events.get(b.id) ?? [], now));
  }
}

function visibleTo(viewer: BreachViewer, breach: Breach): boolean {
  if (viewer.kind === 'regulator') return true;
  if (viewer.kind === 'operator') return breach.organisationId === null;
  return breach.organisationId === viewer.organisationId;
}
