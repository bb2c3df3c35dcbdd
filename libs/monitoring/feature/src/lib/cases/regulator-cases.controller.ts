import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AlertRepository, CaseRepository } from '@consentry/monitoring-data-access';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { ProblemException, UuidParamPipe, ValidationProblem } from '@consentry/shared-http';
import {
  AlertDto,
  AlertListQueryDto,
  AlertPageDto,
  CaseDto,
  CaseListQueryDto,
  CasePageDto,
  CaseSuspensionDto,
  ConsentRecheckDto,
  EvidenceDto,
  InvestigateDto,
  LiftDto,
  NoteDto,
  OpenCaseDto,
  ResolveDto,
} from './cases.dto';
import { toAlertDto, toCaseDto, toCaseSummaryDto } from './cases.mapper';
import { CaseWorkflow } from './case-workflow.service';

const alertId = (value: string) => {
  if (!/^[0-9]{1,18}$/.test(value)) throw new ValidationProblem([{ field: 'id', message: 'must be an alert id (a number)' }]);
  return value;
};

/** Alerts of suspected misuse and the cases regulators run on them (and on citizens' disputes). */
@ApiTags('regulator: alerts and cases')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@ApiForbiddenResponse({ description: 'Also, on an action: an account the audit log cannot name as its actor (`actor-not-recordable`)' })
@ApiBadRequestResponse({ description: 'Invalid input; `errors` names each field' })
@UseGuards(PersonAuthGuard)
@Roles('regulator')
@Controller('v1/regulator')
export class RegulatorCasesController {
  private readonly alerts = new AlertRepository();
  private readonly cases = new CaseRepository();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: CaseWorkflow,
  ) {}

  @Get('alerts')
  @ApiOperation({ summary: 'Alerts of suspected misuse, newest first, each with its evidence (counts, thresholds, baseline, audit indexes)' })
  @ApiOkResponse({ type: AlertPageDto })
  async listAlerts(@Query() q: AlertListQueryDto): Promise<AlertPageDto> {
    const limit = q.limit ?? 50;
    const rows = await this.alerts.list(this.dataSource, { organisationId: q.organisationId, ruleId: q.ruleId, severity: q.severity, from: q.from, to: q.to, beforeId: q.cursor, limit: limit + 1 });
    const page = rows.slice(0, limit);
    return { items: page.map(toAlertDto), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
  }

  @Get('alerts/:id')
  @ApiOperation({ summary: 'One alert with its evidence' })
  @ApiOkResponse({ type: AlertDto })
  @ApiNotFoundResponse({ description: 'No such alert' })
  async getAlert(@Param('id') id: string): Promise<AlertDto> {
    const [found] = await this.alerts.byIds(this.dataSource, [alertId(id)]);
    if (!found) throw new ProblemException(HttpStatus.NOT_FOUND, 'alert-not-found', 'Alert not found', 'No alert has this id');
    return toAlertDto(found);
  }

  @Post('cases')
  @ApiOperation({ summary: 'Open a case from alerts (or by hand with none); the opening is audited' })
  @ApiCreatedResponse({ type: CaseDto })
  async open(@CurrentPrincipal() me: Principal, @Body() body: OpenCaseDto): Promise<CaseDto> {
    return this.detail(await this.workflow.open(me, { title: body.title, alertIds: [...new Set(body.alertIds)], organisationId: body.organisationId }));
  }

  @Get('cases')
  @ApiOperation({ summary: 'Cases, newest first, by state, source and organisation; a cursor this list did not issue is a 400 naming `cursor`' })
  @ApiOkResponse({ type: CasePageDto })
  async list(@Query() q: CaseListQueryDto): Promise<CasePageDto> {
    const page = await this.cases.list(this.dataSource, { state: q.state, source: q.source, organisationId: q.organisationId, cursor: q.cursor, limit: q.limit ?? 50 });
    return { items: page.items.map(toCaseSummaryDto), nextCursor: page.nextCursor };
  }

  @Get('cases/:id')
  @ApiOperation({ summary: 'A case with its linked alerts and its whole action trail' })
  @ApiOkResponse({ type: CaseDto })
  @ApiNotFoundResponse({ description: 'No such case' })
  async get(@Param('id', new UuidParamPipe()) id: string): Promise<CaseDto> {
    const found = await this.workflow.get(id);
    if (!found) throw new ProblemException(HttpStatus.NOT_FOUND, 'case-not-found', 'Case not found', 'No case has this id');
    return this.detail(found);
  }

  @Post('cases/:id/notes')
  @ApiOperation({ summary: 'Add a note' })
  @ApiCreatedResponse({ type: CaseDto })
  @ApiConflictResponse({ description: 'The case is resolved' })
  async note(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string, @Body() body: NoteDto): Promise<CaseDto> {
    return this.detail(await this.workflow.note(me, id, body.text));
  }

  @Post('cases/:id/evidence')
  @ApiOperation({ summary: 'Attach evidence: a description, audit log indexes, a document reference' })
  @ApiCreatedResponse({ type: CaseDto })
  async evidence(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string, @Body() body: EvidenceDto): Promise<CaseDto> {
    return this.detail(await this.workflow.attachEvidence(me, id, { description: body.description, ...(body.entryIndexes ? { entryIndexes: body.entryIndexes } : {}), ...(body.reference ? { reference: body.reference } : {}) }));
  }

  @Post('cases/:id/investigate')
  @HttpCode(200)
  @ApiOperation({ summary: 'open -> investigating' })
  @ApiOkResponse({ type: CaseDto })
  @ApiConflictResponse({ description: 'Not an open case' })
  async investigate(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string, @Body() body: InvestigateDto): Promise<CaseDto> {
    return this.detail(await this.workflow.investigate(me, id, body.note));
  }

  @Post('cases/:id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'open or investigating -> resolved, with an outcome (final)' })
  @ApiOkResponse({ type: CaseDto })
  @ApiConflictResponse({ description: 'Already resolved' })
  async resolve(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string, @Body() body: ResolveDto): Promise<CaseDto> {
    return this.detail(await this.workflow.resolve(me, id, body.outcome, body.note));
  }

  @Post('cases/:id/suspensions')
  @ApiOperation({ summary: "Suspend the case's organisation or one of its API keys in the policy engine: the next request is refused" })
  @ApiCreatedResponse({ type: CaseDto })
  @ApiUnprocessableEntityResponse({ description: 'The case names no known organisation' })
  async suspend(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string, @Body() body: CaseSuspensionDto): Promise<CaseDto> {
    return this.detail(await this.workflow.suspend(me, id, { target: body.target, apiKeyId: body.apiKeyId, reason: body.reason }));
  }

  @Post('cases/:id/suspensions/:suspensionId/lift')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift a suspension (or consent re-check) this case made' })
  @ApiOkResponse({ type: CaseDto })
  @ApiNotFoundResponse({ description: 'The case made no such suspension' })
  @ApiConflictResponse({ description: 'Already lifted' })
  async lift(
    @CurrentPrincipal() me: Principal,
    @Param('id', new UuidParamPipe()) id: string,
    @Param('suspensionId', new UuidParamPipe('suspensionId')) suspensionId: string,
    @Body() body: LiftDto,
  ): Promise<CaseDto> {
    return this.detail(await this.workflow.lift(me, id, suspensionId, body.reason));
  }

  @Post('cases/:id/consent-recheck')
  @ApiOperation({ summary: "Require a consent re-check: the organisation's access is suspended until the regulator, shown re-confirmed consents, lifts it" })
  @ApiCreatedResponse({ type: CaseDto })
  async recheck(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string, @Body() body: ConsentRecheckDto): Promise<CaseDto> {
    return this.detail(await this.workflow.suspend(me, id, { target: 'organisation', reason: body.reason }, true));
  }

  private async detail(c: NonNullable<Awaited<ReturnType<CaseWorkflow['get']>>>): Promise<CaseDto> {
    return toCaseDto(c, await this.alerts.byIds(this.dataSource, c.alertIds));
  }
}
