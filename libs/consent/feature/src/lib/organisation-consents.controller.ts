import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { ConsentState, checkWebhookUrl } from '@consentry/consent-domain';
import { ConsentRepository, DeliveryStatus, WebhookDelivery, WebhookRepository } from '@consentry/consent-data-access';
import { ApiKeyGuard, ApiKeyOwner, CurrentOrganisation, RequiresScope } from '@consentry/identity-feature';
import { ProblemException, UuidParamPipe, ValidationProblem } from '@consentry/shared-http';
import { ConsentRequestDto, ListQueryDto, WebhookEndpointDto } from './consent.dto';
import { ConsentLifecycle, consentNotFound } from './consent-lifecycle.service';
import { ConsentPage, ConsentView, HistoryEntryView, toConsentView, toHistoryEntry } from './consent.mapper';
import { CONSENT_SETTINGS, ConsentSettings } from './consent.tokens';
import { WebhookDispatcher } from './webhook-dispatcher.service';

class WebhookSecretView {
  @ApiProperty() url: string;
  @ApiProperty({ description: 'Shown once: verify the Consentry-Signature header with it' }) secret: string;
}

class ReplayView {
  @ApiProperty({ enum: ['queued', 'pending'], description: 'queued: on the queue now; pending: the queue did not take it, and the sweep queues it once the queue is back' })
  status: 'queued' | 'pending';
  @ApiPropertyOptional() detail?: string;
}

const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'delivered', 'dead'];

class DeliveriesQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, description: 'Only deliveries in this state; dead is the dead-letter queue' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

class WebhookDeliveryView implements WebhookDelivery {
  @ApiProperty({ description: 'Pass to replay when dead' }) id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ description: 'The consent state change it carries' }) transitionId: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty({ description: 'POSTs sent so far' }) attempts: number;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'HTTP 500', description: 'Why the last attempt failed: an HTTP status, "timeout", "connection failed" or "destination not allowed"' })
  lastError: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) lastAttemptAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiTags('organisations: consents')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked API key' })
@ApiForbiddenResponse({ description: 'The API key lacks the "consent" scope' })
@UseGuards(ApiKeyGuard)
@RequiresScope('consent')
@Controller('v1')
export class OrganisationConsentsController {
  private readonly consents: ConsentRepository;
  private readonly webhooks: WebhookRepository;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly lifecycle: ConsentLifecycle,
    private readonly dispatcher: WebhookDispatcher,
    @Inject(CONSENT_SETTINGS) private readonly settings: ConsentSettings,
  ) {
    this.consents = new ConsentRepository(dataSource);
    this.webhooks = new WebhookRepository(dataSource);
  }

  @Post('consent-requests')
  @ApiOperation({ summary: 'Ask a citizen for consent: one purpose, named fields, operations, limits and validity' })
  @ApiCreatedResponse({ type: ConsentView })
  async request(@CurrentOrganisation() org: ApiKeyOwner, @Body() body: ConsentRequestDto): Promise<ConsentView> {
    const { citizenId, purpose, ...rest } = body;
    const { head } = await this.lifecycle.request(org.organisationId, citizenId, { ...rest, purposeCode: purpose });
    return toConsentView(head);
  }

  @Get('consents')
  @ApiOperation({ summary: "This organisation's consents and requests, newest first" })
  @ApiOkResponse({ type: ConsentPage })
  async list(@CurrentOrganisation() org: ApiKeyOwner, @Query() query: ListQueryDto): Promise<ConsentPage<ConsentView>> {
    const page = await this.consents.listForOrganisation(org.organisationId, {
      states: query.state ? [query.state as ConsentState] : undefined,
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
    return { items: page.items.map(toConsentView), nextCursor: page.nextCursor };
  }

  @Get('consents/:id')
  @ApiOperation({ summary: 'The status of one consent or request' })
  @ApiOkResponse({ type: ConsentView })
  async get(@CurrentOrganisation() org: ApiKeyOwner, @Param('id', new UuidParamPipe()) id: string): Promise<ConsentView> {
    const head = await this.consents.findHead(id);
    if (!head || head.organisationId !== org.organisationId) throw consentNotFound();
    return toConsentView(head);
  }

  @Get('consents/:id/history')
  @ApiOperation({ summary: 'Every state change of a consent, with its receipt id' })
  @ApiOkResponse({ type: [HistoryEntryView] })
  async history(@CurrentOrganisation() org: ApiKeyOwner, @Param('id', new UuidParamPipe()) id: string): Promise<HistoryEntryView[]> {
    const head = await this.consents.findHead(id);
    if (!head || head.organisationId !== org.organisationId) throw consentNotFound();
    return (await this.consents.history(id)).map(toHistoryEntry);
  }

  @Put('webhook-endpoint')
  @ApiOperation({
    summary: 'Set the URL that receives consent state changes; returns a new signing secret',
    description:
      'Each delivery is a POST signed with `Consentry-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, retried with exponential back-off. ' +
      'The URL must be https, without a user name or password, on a public host: localhost and loopback, private, link-local and other non-public IP addresses are refused (400), ' +
      'and a delivery whose host resolves to one is not sent (lastError "destination not allowed").',
  })
  @ApiOkResponse({ type: WebhookSecretView })
  async setWebhook(@CurrentOrganisation() org: ApiKeyOwner, @Body() body: WebhookEndpointDto): Promise<WebhookSecretView> {
    const checked = checkWebhookUrl(body.url, { allowPrivateDestinations: this.settings.webhookAllowPrivateDestinations });
    if (!checked.ok) throw new ValidationProblem([{ field: 'url', message: checked.message }]);
    const secret = 'whsec_' + randomBytes(24).toString('base64url');
    await this.webhooks.upsertEndpoint({ organisationId: org.organisationId, url: body.url, secret });
    return { url: body.url, secret };
  }

  @Get('webhook-deliveries')
  @ApiOperation({ summary: 'The 200 newest webhook deliveries, newest first; status=dead lists the dead-letter queue' })
  @ApiOkResponse({ type: [WebhookDeliveryView] })
  async deliveries(@CurrentOrganisation() org: ApiKeyOwner, @Query() query: DeliveriesQuery): Promise<WebhookDeliveryView[]> {
    return this.webhooks.list(org.organisationId, query.status, 200);
  }

  @Post('webhook-deliveries/:id/replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a dead delivery again',
    description:
      'The delivery is pending again once this answers 202, whatever the status: `queued` when it is on the queue, `pending` when the queue did not take it ' +
      '(the sweep queues it again automatically within a few minutes of the queue being back; do not call again: it is no longer dead, so that would be a 404).',
  })
  @ApiAcceptedResponse({ type: ReplayView })
  @ApiNotFoundResponse({ description: 'No dead delivery of this organisation with this id' })
  async replay(@CurrentOrganisation() org: ApiKeyOwner, @Param('id', new UuidParamPipe()) id: string): Promise<ReplayView> {
    const outcome = await this.dispatcher.replay(id, org.organisationId);
    if (!outcome) {
      throw new ProblemException(404, 'delivery-not-found', 'No dead delivery with this id', 'Only dead deliveries of your organisation can be replayed');
    }
    if (outcome === 'queued') return { status: 'queued' };
    return { status: 'pending', detail: 'The queue is unavailable: the delivery stays pending and is queued again automatically once the queue is back' };
  }
}
