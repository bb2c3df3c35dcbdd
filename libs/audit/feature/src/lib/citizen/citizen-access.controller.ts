import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { ProblemException } from '@consentry/shared-http';
import { AUDIT_CLOCK, Clock } from '../config/audit.tokens';
import { AuditQueryService } from '../queries/audit-query.service';
import { CitizenAccessPageDto, CitizenAccessQueryDto, CitizenExportQueryDto, DisputeDto, DisputeListDto, EntryIndexDto, OpenDisputeDto } from './citizen-access.dto';
import { toCitizenAccessPage, toDispute } from './citizen-access.mapper';
import { CitizenAccessService } from './citizen-access.service';
import { toCitizenFilters } from './citizen-filters.util';

function pseudonymOf(principal: Principal): string {
  if (!principal.citizenPseudonym) throw new ProblemException(403, 'not-a-citizen-account', 'Forbidden', 'This account is not linked to a citizen');
  return principal.citizenPseudonym;
}

/** A citizen's own access history: who saw what, when, why, at what fee; with proofs. */
@ApiTags('citizen access history')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@UseGuards(PersonAuthGuard)
@Roles('citizen')
@Controller('v1/citizen')
export class CitizenAccessController {
  constructor(
    private readonly queries: AuditQueryService,
    private readonly citizen: CitizenAccessService,
    @Inject(AUDIT_CLOCK) private readonly clock: Clock,
  ) {}

  @Get('accesses')
  @ApiOperation({
    summary: 'Every access to my data, newest first, each with its inclusion proof against the latest signed checkpoint',
    description: 'Accesses under a legal basis that must stay confidential for a time appear once their disclosure date has passed.',
  })
  @ApiOkResponse({ type: CitizenAccessPageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CitizenAccessQueryDto): Promise<CitizenAccessPageDto> {
    const history = await this.queries.citizenHistory(pseudonymOf(principal), toCitizenFilters(query), { limit: query.limit ?? 20, cursor: query.cursor });
    return toCitizenAccessPage(history);
  }

  @Get('accesses/export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="access-history.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'My access history as CSV (same filters; at most 10,000 rows)' })
  @ApiOkResponse({ type: String })
  exportCsv(@CurrentPrincipal() principal: Principal, @Query() query: CitizenExportQueryDto): Promise<string> {
    return this.citizen.exportCsv(pseudonymOf(principal), toCitizenFilters(query));
  }

  @Get('accesses/export.pdf')
  @Header('Content-Type', 'application/pdf')
  @Header('Content-Disposition', 'attachment; filename="access-history.pdf"')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'My access history as a PDF report (same filters; at most 10,000 rows)' })
  @ApiOkResponse({ description: 'PDF document', schema: { type: 'string', format: 'binary' } })
  exportPdf(@CurrentPrincipal() principal: Principal, @Query() query: CitizenExportQueryDto): Promise<Buffer> {
    return this.citizen.exportPdf(pseudonymOf(principal), toCitizenFilters(query), this.clock.now());
  }

  @Post('accesses/:index/disputes')
  @HttpCode(201)
  @ApiOperation({ summary: 'Dispute this access: opens a case for the regulator' })
  @ApiCreatedResponse({ type: DisputeDto })
  @ApiNotFoundResponse({ description: 'No such access of mine' })
  @ApiConflictResponse({ description: 'A dispute on this access is already open' })
  async dispute(@CurrentPrincipal() principal: Principal, @Param() params: EntryIndexDto, @Body() body: OpenDisputeDto): Promise<DisputeDto> {
    return toDispute(await this.citizen.openDispute(pseudonymOf(principal), principal.accountId, params.index, body.reason));
  }

  @Get('disputes')
  @ApiOperation({ summary: 'My disputes and their status' })
  @ApiOkResponse({ type: DisputeListDto })
  async disputes(@CurrentPrincipal() principal: Principal): Promise<DisputeListDto> {
    return { disputes: (await this.citizen.listDisputes(pseudonymOf(principal))).map(toDispute) };
  }
}
