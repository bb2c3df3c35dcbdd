import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiKeyGuard, ApiKeyOwner, CurrentOrganisation, RequiresScope } from '@consentry/identity-feature';
import { BreachDto, BreachIdDto, BreachListDto, BreachListQueryDto, ReportBreachDto } from './breach.dto';
import { BreachRegisterService } from './breach-register.service';
import { BreachReportCsvRoute, BreachReportPdfRoute } from './breach-report.decorator';
import { renderBreachCsv, renderBreachPdf } from './breach-report.renderer';

/** An organisation reports its personal-data breaches and follows their 72-hour deadline. Only its own, with a key holding `breaches`. */
@ApiTags('breach register')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid API key' })
@ApiForbiddenResponse({ description: 'The API key lacks the "breaches" scope' })
@UseGuards(ApiKeyGuard)
@RequiresScope('breaches')
@Controller('v1/organisations/me/breaches')
export class OrganisationBreachesController {
  constructor(private readonly register: BreachRegisterService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Report a personal-data breach; the authority must be notified within 72 hours of discovery' })
  @ApiCreatedResponse({ type: BreachDto })
  report(@CurrentOrganisation() org: ApiKeyOwner, @Body() body: ReportBreachDto): Promise<BreachDto> {
    return this.register.report({ kind: 'organisation', organisationId: org.organisationId, keyId: org.keyId }, body);
  }

  @Get()
  @ApiOperation({ summary: "My organisation's breaches, most urgent first (then newest report, then id); nextCursor pages on" })
  @ApiOkResponse({ type: BreachListDto })
  @ApiBadRequestResponse({ description: 'Invalid status, limit or cursor; `errors` names each field' })
  list(@CurrentOrganisation() org: ApiKeyOwner, @Query() query: BreachListQueryDto): Promise<BreachListDto> {
    return this.register.list({ kind: 'organisation', organisationId: org.organisationId }, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of my breaches, with the reminders sent' })
  @ApiOkResponse({ type: BreachDto })
  @ApiNotFoundResponse({ description: 'No such breach of this organisation' })
  get(@CurrentOrganisation() org: ApiKeyOwner, @Param() params: BreachIdDto): Promise<BreachDto> {
    return this.register.get({ kind: 'organisation', organisationId: org.organisationId }, params.id);
  }

  @BreachReportCsvRoute()
  async csv(@CurrentOrganisation() org: ApiKeyOwner, @Param() params: BreachIdDto): Promise<string> {
    return renderBreachCsv(await this.get(org, params));
  }

  @BreachReportPdfRoute()
  async pdf(@CurrentOrganisation() org: ApiKeyOwner, @Param() params: BreachIdDto): Promise<Buffer> {
    return renderBreachPdf(await this.get(org, params), new Date());
  }
}
