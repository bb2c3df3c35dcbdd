import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MonthlyDeclaration, MonthlyStatement, buildMonthlyDeclaration, buildMonthlyStatement } from '@consentry/metering-domain';
import { isMonth, vietnamMonth } from '@consentry/shared-vietnam-time';
import { LedgerReportRepository, Queryable } from '@consentry/metering-data-access';
import { ValidationProblem } from '@consentry/shared-http';
import { OrganisationNamesPort } from '../organisation-names.port';
import { FeeScheduleService } from '../schedules/fee-schedule.service';

/** Monthly statements per organisation and the collector's monthly declaration. */
@Injectable()
export class StatementService {
  private readonly reports = new LedgerReportRepository();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly names: OrganisationNamesPort,
    private readonly schedules: FeeScheduleService,
  ) {}

  async monthlyStatement(organisationId: string, month: string, db: Queryable = this.dataSource): Promise<MonthlyStatement> {
    const period = monthOf(month);
    // One consistent snapshot for the opening balance and the month's groups.
    const [opening, groups] = await this.snapshot(db, (q) =>
      Promise.all([this.reports.balanceBefore(q, organisationId, period.from), this.reports.statementGroups(q, organisationId, period.from, period.to)]),
    );
    return buildMonthlyStatement({
      organisation: { id: organisationId, name: await this.names.name(organisationId) },
      month,
      openingBalanceVnd: opening,
      groups,
    });
  }

  /** Organisations that had ledger activity in the month (whose statements are due). */
  organisationsWithActivity(month: string): Promise<string[]> {
    const period = monthOf(month);
    return this.reports.organisationsInPeriod(this.dataSource, period.from, period.to);
  }

  async monthlyDeclaration(month: string): Promise<MonthlyDeclaration> {
    const period = monthOf(month);
    const groups = await this.reports.declarationGroups(this.dataSource, period.from, period.to);
    const schedules = (await this.schedules.list()).map((p) => p.schedule);
    return buildMonthlyDeclaration({ month, groups, schedules });
  }

  private async snapshot<T>(db: Queryable, work: (q: Queryable) => Promise<T>): Promise<T> {
    if (db !== this.dataSource) return work(db);
    return this.dataSource.transaction('REPEATABLE READ', (m) => work(m));
  }
}

function monthOf(month: string) {
  if (typeof month !== 'string' || !isMonth(month)) throw new ValidationProblem([{ field: 'month', message: 'must be a month YYYY-MM' }]);
  return vietnamMonth(month);
}
