import { Controller, Get, Header, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { DisputeRepository, EntryFilters } from '@consentry/audit-data-access';
import { PersonAuthGuard, Roles } from '@consentry/shared-auth';
import { ProblemException } from '@consentry/shared-http';
import { publicFields } from '../public-log/log.mapper';
import { AuditQueryService, DecodedEntry } from '../queries/audit-query.service';
import { toDateRange } from '../citizen/citizen-filters.util';
import { ACCESS_EXPORT_HEADER, toExportRow } from '../citizen/citizen-access.mapper';
import { toCsv } from '../export/csv.util';
import {
  DisputeListQueryDto,
  RegulatorDisputeListDto,
  RegulatorEntryDto,
  RegulatorEntryPageDto,
  RegulatorFiltersDto,
  RegulatorSearchQueryDto,
  StatisticsQueryDto,
  UsageStatisticsDto,
} from './regulator.dto';

const MAX_EXPORT_ROWS = 50_000;
/** Statistics over more than this are a reporting job, not an API call. */
const MAX_STATISTICS_DAYS = 400;

function filtersOf(query: RegulatorFiltersDto): EntryFilters {
  const { from, to } = toDateRange(query);
  return {
    organisationId: query.organisationId,
    purpose: query.purpose,
    field: query.field,
    operation: query.operation,
    decision: query.decision,
    citizenPseudonym: query.citizenPseudonym,
    from,
    to,
  };
}

const toEntry = ({ row, leaf }: DecodedEntry): RegulatorEntryDto => ({
  index: row.index,
  ...publicFields(leaf),
  ...(leaf.actor ? { actor: { role: leaf.actor.role, subject: leaf.actor.subject } } : {}),
  citizenPseudonym: row.citizenPseudonym,
  sequencedAt: row.sequencedAt.toISOString(),
});

/** The regulator's view: all accesses (deferred ones included), usage statistics, disputes. */
@ApiTags('regulator')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@UseGuards(PersonAuthGuard)
@Roles('regulator')
@Controller('v1/regulator')
export class RegulatorController {
  constructor(
    private readonly queries: AuditQueryService,
    private readonly disputes: DisputeRepository,
  ) {}

  @Get('entries')
  @ApiOperation({ summary: 'Search every access by organisation, purpose, field, operation, decision, citizen pseudonym and time; newest first' })
  @ApiOkResponse({ type: RegulatorEntryPageDto })
  async search(@Query() query: RegulatorSearchQueryDto): Promise<RegulatorEntryPageDto> {
    const page = await this.queries.search(filtersOf(query), { limit: query.limit ?? 50, cursor: query.cursor });
    return { items: page.items.map(toEntry), nextCursor: page.nextCursor };
  }

  @Get('entries/export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="access-log.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The same search as CSV (at most 50,000 rows)' })
  @ApiOkResponse({ type: String })
  async exportCsv(@Query() query: RegulatorFiltersDto): Promise<string> {
    const filters = filtersOf(query);
    const rows: DecodedEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.queries.search(filters, { limit: 1000, cursor });
      rows.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && rows.length < MAX_EXPORT_ROWS);
    if (cursor) throw new ProblemException(422, 'export-too-large', 'Too many rows', `An export holds at most ${MAX_EXPORT_ROWS} rows; narrow the search`);
    return toCsv(
      [...ACCESS_EXPORT_HEADER, 'citizenPseudonym', 'actorSubject'],
      rows.map((e) => [...toExportRow(e), e.row.citizenPseudonym ?? '', e.leaf.actor?.subject ?? '']),
    );
  }

  @Get('statistics')
  @ApiOperation({ summary: 'Usage per organisation and purpose over time: accesses, allowed, denied, fees' })
  @ApiOkResponse({ type: UsageStatisticsDto })
  async statistics(@Query() query: StatisticsQueryDto): Promise<UsageStatisticsDto> {
    const { from, to } = toDateRange(query);
    if (to!.getTime() - from!.getTime() > MAX_STATISTICS_DAYS * 86_400_000) {
      throw new ProblemException(422, 'range-too-long', 'Range too long', `Ask for at most ${MAX_STATISTICS_DAYS} days at a time`);
    }
    const bucket = query.bucket ?? 'day';
    const buckets = await this.queries.statistics({ from, to, organisationId: query.organisationId, purpose: query.purpose }, bucket);
    return { from: from!.toISOString(), to: to!.toISOString(), bucket, buckets };
  }

  @Get('disputes')
  @ApiOperation({ summary: 'Disputes citizens opened, newest first' })
  @ApiOkResponse({ type: RegulatorDisputeListDto })
  async listDisputes(@Query() query: DisputeListQueryDto): Promise<RegulatorDisputeListDto> {
    const rows = await this.disputes.list({ status: query.status, limit: query.limit ?? 100 });
    return {
      disputes: rows.map((r) => ({
        disputeId: r.id,
        entryIndex: r.entryIndex,
        citizenPseudonym: r.citizenPseudonym,
        status: r.status,
        reason: r.reason,
        openedAt: r.createdAt.toISOString(),
      })),
    };
  }
}
