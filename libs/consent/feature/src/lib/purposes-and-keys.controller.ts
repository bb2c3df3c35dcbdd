import { Body, Controller, Get, Inject, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { ConsentRepository, PurposeRepository } from '@consentry/consent-data-access';
import { PersonAuthGuard, PublicJwk, Roles } from '@consentry/shared-auth';
import { PageLimit, ProblemException, ValidationProblem } from '@consentry/shared-http';
import { PurposeDto } from './consent.dto';
import { ConsentView, HistoryEntryView, toConsentView, toHistoryEntry } from './consent.mapper';
import { CLOCK, Clock } from './consent.tokens';
import { ReceiptSigner } from './receipt-signer.service';

class JwksView {
  @ApiProperty({ description: 'Every key that ever signed receipts (RFC 7517 JWK Set)' }) keys: PublicJwk[];
}

@ApiTags('purposes and keys')
@Controller()
export class PurposesAndKeysController {
  private readonly purposes: PurposeRepository;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly signer: ReceiptSigner,
  ) {
    this.purposes = new PurposeRepository(dataSource);
  }

  @Get('v1/purposes')
  @ApiOperation({ summary: 'The purpose catalogue: one purpose per consent' })
  @ApiOkResponse({ type: [PurposeDto] })
  list() {
    return this.purposes.list();
  }

  @Post('v1/purposes')
  @UseGuards(PersonAuthGuard)
  @Roles('operator')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a purpose (operators); a code is never reused or rewritten' })
  @ApiCreatedResponse({ type: PurposeDto })
  async create(@Body() body: PurposeDto): Promise<PurposeDto> {
    if (!(await this.purposes.insert(body))) {
      throw new ProblemException(409, 'purpose-exists', 'Purpose exists', `The purpose code "${body.code}" is taken`);
    }
    return body;
  }

  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'Public keys that verify consent receipts (JWS, EdDSA / Ed25519)' })
  @ApiOkResponse({ type: JwksView })
  async jwks(): Promise<JwksView> {
    return { keys: await this.signer.jwks() };
  }
}

class EffectiveQuery {
  @ApiProperty() @IsString() @Matches(/^[0-9a-f]{64}$/) citizenPseudonym: string;
  @ApiProperty() @IsUUID() organisationId: string;
  @ApiProperty() @IsString() @MaxLength(64) purpose: string;
}

class EventsQuery {
  @ApiPropertyOptional({ description: 'Id of the last event received (0 to start); events come in commit order, which is not id order' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) after?: number;
  @PageLimit(1000, 100) limit?: number;
}

class ConsentEventView extends HistoryEntryView {
  @ApiProperty({ description: 'Position in the stream; pass as `after`' }) id: string;
  @ApiProperty() consentId: string;
}

/** For other services and operators: the effective consent, and the stream of consent events. */
@ApiTags('internal')
@ApiBearerAuth()
@UseGuards(PersonAuthGuard)
@Roles('operator', 'regulator')
@Controller('v1/internal')
export class InternalConsentsController {
  private readonly consents: ConsentRepository;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.consents = new ConsentRepository(dataSource);
  }

  @Get('effective-consent')
  @ApiOperation({ summary: 'The consent in force for (citizen pseudonym, organisation, purpose), by index; 404 when none' })
  @ApiOkResponse({ type: ConsentView })
  async effective(@Query() q: EffectiveQuery): Promise<ConsentView> {
    const head = await this.consents.effective(q.citizenPseudonym, q.organisationId, q.purpose, this.clock.now());
    if (!head) throw new ProblemException(404, 'no-effective-consent', 'No consent in force', 'No consent in force for this citizen, organisation and purpose');
    return toConsentView(head);
  }

  @Get('consent-events')
  @ApiOperation({ summary: 'Consent events (every transition) after the given one, in commit order; a 400 names `after` when it is not an event id' })
  @ApiOkResponse({ type: [ConsentEventView] })
  async events(@Query() q: EventsQuery): Promise<ConsentEventView[]> {
    const events = await this.consents.transitionsAfter(String(q.after ?? 0), q.limit ?? 100);
    if (!events) throw new ValidationProblem([{ field: 'after', message: 'is not the id of a consent event' }]);
    return events.map((t) => ({ ...toHistoryEntry(t), id: t.id, consentId: t.consentId }));
  }
}
