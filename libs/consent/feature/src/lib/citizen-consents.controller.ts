import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { ConsentAction, ConsentState, Purpose, splitByCategory } from '@consentry/consent-domain';
import { ConsentHead, ConsentRepository, PurposeRepository } from '@consentry/consent-data-access';
import { OrganisationDirectory } from '@consentry/identity-feature';
import { BASIC_FIELDS, SENSITIVE_FIELDS } from '@consentry/population-domain';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { PageLimit, UuidParamPipe } from '@consentry/shared-http';
import { ApproveDto, ListQueryDto, ReasonDto } from './consent.dto';
import { ConsentActor, ConsentLifecycle, consentNotFound } from './consent-lifecycle.service';
import { CitizenConsentView, ConsentPage, HistoryEntryView, ReceiptView, toCitizenConsentView, toHistoryEntry, toReceiptView } from './consent.mapper';
import { CLOCK, Clock } from './consent.tokens';

class CitizenConsentDetail extends CitizenConsentView {
  @ApiProperty({ type: [HistoryEntryView] }) history: HistoryEntryView[];
}

class DataAccessQuery {
  @ApiProperty({ enum: ['basic', 'sensitive'] }) @IsIn(['basic', 'sensitive']) category: 'basic' | 'sensitive';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @PageLimit(200, 50) limit?: number;
}

class DataAccessEntry {
  @ApiProperty() organisation: { id: string; name: string };
  @ApiProperty() purpose: string;
  @ApiProperty({ type: [String], description: 'Fields of this category the organisation may see' }) fields: string[];
  @ApiProperty() consentId: string;
  @ApiProperty() validTo: string;
}

class DataAccessPage {
  @ApiProperty({ enum: ['basic', 'sensitive'] }) category: string;
  @ApiProperty({ type: [DataAccessEntry] }) items: DataAccessEntry[];
  @ApiPropertyOptional({ nullable: true }) nextCursor: string | null;
}

@ApiTags('citizens: my consents')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@UseGuards(PersonAuthGuard)
@Roles('citizen')
@Controller('v1/me')
export class CitizenConsentsController {
  private readonly consents: ConsentRepository;
  private readonly purposes: PurposeRepository;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly lifecycle: ConsentLifecycle,
    private readonly organisations: OrganisationDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.consents = new ConsentRepository(dataSource);
    this.purposes = new PurposeRepository(dataSource);
  }

  @Get('consents')
  @ApiOperation({ summary: 'My pending requests and consents, newest first, in plain words' })
  @ApiOkResponse({ type: ConsentPage })
  async list(@CurrentPrincipal() me: Principal, @Query() query: ListQueryDto): Promise<ConsentPage<CitizenConsentView>> {
    const page = await this.consents.listForCitizen(me.citizenPseudonym!, {
      states: query.state ? [query.state as ConsentState] : undefined,
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  @Get('consents/:id')
  @ApiOperation({ summary: 'One of my consents, with its full history' })
  @ApiOkResponse({ type: CitizenConsentDetail })
  async get(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string): Promise<CitizenConsentDetail> {
    const head = await this.own(me, id);
    const [view] = await this.views([head]);
    return { ...view, history: (await this.consents.history(id)).map(toHistoryEntry) };
  }

  @Get('consents/:id/receipts')
  @ApiOperation({ summary: 'The signed receipts of every change of one of my consents' })
  @ApiOkResponse({ type: [ReceiptView] })
  async receipts(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string): Promise<ReceiptView[]> {
    await this.own(me, id);
    return (await this.consents.history(id)).map(toReceiptView);
  }

  @Post('consents/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a request, for all or some of the fields asked (needs a level 2 e-ID)' })
  @ApiOkResponse({ type: CitizenConsentView })
  approve(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string, @Body() body: ApproveDto) {
    return this.act(me, id, 'approve', { fields: body.fields });
  }

  @Post('consents/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a request' })
  @ApiOkResponse({ type: CitizenConsentView })
  reject(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string, @Body() body: ReasonDto) {
    return this.act(me, id, 'reject', body);
  }

  @Post('consents/:id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a consent: effective at once, until resumed' })
  @ApiOkResponse({ type: CitizenConsentView })
  pause(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string, @Body() body: ReasonDto) {
    return this.act(me, id, 'pause', body);
  }

  @Post('consents/:id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused consent (needs a level 2 e-ID)' })
  @ApiOkResponse({ type: CitizenConsentView })
  resume(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string, @Body() body: ReasonDto) {
    return this.act(me, id, 'resume', body);
  }

  @Post('consents/:id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a consent: effective at once, not retroactive, final' })
  @ApiOkResponse({ type: CitizenConsentView })
  revoke(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string, @Body() body: ReasonDto) {
    return this.act(me, id, 'revoke', body);
  }

  @Get('data-access')
  @ApiOperation({ summary: 'Every organisation currently allowed, by my consent, to see my basic or sensitive data (complete, paginated)' })
  @ApiOkResponse({ type: DataAccessPage })
  async dataAccess(@CurrentPrincipal() me: Principal, @Query() query: DataAccessQuery): Promise<DataAccessPage> {
    const limit = query.limit ?? 50;
    const fields = query.category === 'sensitive' ? SENSITIVE_FIELDS : BASIC_FIELDS;
    const page = await this.consents.inForceForCitizen(me.citizenPseudonym!, this.clock.now(), query.cursor, limit, fields);
    const names = await this.organisations.names(page.items.map((h) => h.organisationId));
    return {
      category: query.category,
      items: page.items.map((h) => ({
        organisation: { id: h.organisationId, name: names.get(h.organisationId) ?? 'Unknown organisation' },
        purpose: h.terms.purposeCode,
        fields: splitByCategory(h.grantedFields)[query.category],
        consentId: h.id,
        validTo: h.terms.validTo,
      })),
      nextCursor: page.nextCursor,
    };
  }

  private async act(me: Principal, id: string, action: Exclude<ConsentAction, 'request' | 'expire'>, options: { fields?: string[]; reason?: string }) {
    const actor: ConsentActor = { kind: 'citizen', pseudonym: me.citizenPseudonym!, eidLevel: me.eidLevel ?? 1 };
    const { head } = await this.lifecycle.act(id, action, actor, options);
    const [view] = await this.views([head]);
    return view;
  }

  private async own(me: Principal, id: string): Promise<ConsentHead> {
    const head = await this.consents.findHead(id);
    if (!head || head.citizenPseudonym !== me.citizenPseudonym) throw consentNotFound();
    return head;
  }

  private async views(heads: ConsentHead[]): Promise<CitizenConsentView[]> {
    const names = await this.organisations.names(heads.map((h) => h.organisationId));
    const purposes = new Map<string, Purpose>((await this.purposes.list()).map((p) => [p.code, p]));
    return heads.map((h) => toCitizenConsentView(h, names.get(h.organisationId) ?? 'Unknown organisation', purposes.get(h.terms.purposeCode)!));
  }
}
