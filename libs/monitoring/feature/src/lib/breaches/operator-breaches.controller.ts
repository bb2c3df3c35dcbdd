import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { BreachDto, BreachIdDto, BreachListDto, BreachListQueryDto, ReportBreachDto } from './breach.dto';
import { BreachRegisterService } from './breach-register.service';
import { BreachReportCsvRoute, BreachReportPdfRoute } from './breach-report.decorator';
import { renderBreachCsv, renderBreachPdf } from './breach-report.renderer';

/** The platform operator reports breaches of the platform itself and follows them. */
@ApiTags('breach register')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@UseGuards(PersonAuthGuard)
@Roles('operator')
@Controller('v1/operator/breaches')
export class OperatorBreachesController {
  constructor(private readonly register: BreachRegisterService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: "Report a breach of the platform's own processing; the authority must be notified within 72 hours" })
  @ApiCreatedResponse({ type: BreachDto })
  report(@CurrentPrincipal() principal: Principal, @Body() body: ReportBreachDto): Promise<BreachDto> {
    return this.register.report({ kind: 'operator', accountId: principal.accountId }, body);
  }

  @Get()
  @ApiOperation({ summary: "The platform's own breaches, most urgent first (then newest report, then id); nextCursor pages on" })
  @ApiOkResponse({ type: BreachListDto })
  @ApiBadRequestResponse({ description: 'Invalid status, limit or cursor; `errors` names each field' })
  list(@Query() query: BreachListQueryDto): Promise<BreachListDto> {
    return this.register.list({ kind: 'operator' }, query);
  }

  @Get(':id')
  @ApiOperation({ summary: "One of the platform's breaches, with the reminders sent" })
  @ApiOkResponse({ type: BreachDto })
  @ApiNotFoundResponse({ description: 'No such platform breach' })
  get(@Param() params: BreachIdDto): Promise<BreachDto> {
    return this.register.get({ kind: 'operator' }, params.id);
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
