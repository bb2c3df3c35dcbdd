import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { BreachDashboardDto, BreachDto, BreachIdDto, BreachListDto, BreachListQueryDto, MarkAuthorityNotifiedDto } from './breach.dto';
import { BreachRegisterService } from './breach-register.service';
import { BreachReportCsvRoute, BreachReportPdfRoute } from './breach-report.decorator';
import { renderBreachCsv, renderBreachPdf } from './breach-report.renderer';

/** The regulator's view of the breach register: every breach, deadlines, escalations, notification. */
@ApiTags('breach register')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@UseGuards(PersonAuthGuard)
@Roles('regulator')
@Controller('v1/regulator/breaches')
export class RegulatorBreachesController {
  constructor(private readonly register: BreachRegisterService) {}

  @Get()
  @ApiOperation({ summary: 'All reported breaches, most urgent first (then newest report, then id); filter by due-soon / overdue; nextCursor pages on' })
  @ApiOkResponse({ type: BreachListDto })
  @ApiBadRequestResponse({ description: 'Invalid status, limit or cursor; `errors` names each field' })
  list(@Query() query: BreachListQueryDto): Promise<BreachListDto> {
    return this.register.list({ kind: 'regulator' }, query);
  }

  @Get('dashboard')
  @ApiOperation({ summary: 'Counts and lists of breaches overdue (escalated) and due within 24 hours' })
  @ApiOkResponse({ type: BreachDashboardDto })
  dashboard(): Promise<BreachDashboardDto> {
    return this.register.dashboard();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One breach with its reminders and escalation' })
  @ApiOkResponse({ type: BreachDto })
  @ApiNotFoundResponse({ description: 'No such breach' })
  get(@Param() params: BreachIdDto): Promise<BreachDto> {
    return this.register.get({ kind: 'regulator' }, params.id);
  }

  @Post(':id/authority-notified')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the authority (A05) has been notified of this breach; recorded once' })
  @ApiOkResponse({ type: BreachDto })
  @ApiNotFoundResponse({ description: 'No such breach' })
  @ApiConflictResponse({ description: 'Already recorded' })
  markNotified(@CurrentPrincipal() principal: Principal, @Param() params: BreachIdDto, @Body() body: MarkAuthorityNotifiedDto): Promise<BreachDto> {
    return this.register.markAuthorityNotified(params.id, principal.accountId, body.reference ?? null);
  }

  @Get(':id/report.json')
  @ApiOperation({ summary: 'The breach report as JSON (the same document as GET :id)' })
  @ApiOkResponse({ type: BreachDto })
  reportJson(@Param() params: BreachIdDto): Promise<BreachDto> {
    return this.register.get({ kind: 'regulator' }, params.id);
  }

  @BreachReportCsvRoute()
  async csv(@Param() params: BreachIdDto): Promise<string> {
    return renderBreachCsv(await this.get(params));
  }

  @BreachReportPdfRoute()
  async pdf(@Param() params: BreachIdDto): Promise<Buffer> {
    return renderBreachPdf(await this.get(params), new Date());
  }
}
