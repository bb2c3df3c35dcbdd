import { applyDecorators, Body, Controller, Get, Headers, HttpCode, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPaymentRequiredResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { GatewayRequestRepository } from '@consentry/gateway-data-access';
import { requestFingerprint } from '@consentry/gateway-domain';
import { ApiKeyGuard, ApiKeyOwner, CurrentOrganisation, RequiresScope } from '@consentry/identity-feature';
import { PROBLEM_CONTENT_TYPE, ValidationProblem } from '@consentry/shared-http';
import { LookupDto, UsageQueryDto, VerificationBatchDto, VerificationDto } from './access.dto';
import { AccessService, Outcome } from './access.service';
import { AccessProblemView, BalanceView, BatchAnswerView, LookupAnswerView, UsageView, VerificationAnswerView } from './access.views';
import { Meter } from './gateway.ports';
import { RateLimiter } from './rate-limiter';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/** The refusals a single verification or lookup can answer with, beside the controller's 401. */
const AccessRefusals = () =>
  applyDecorators(
    ApiTooManyRequestsResponse({ type: AccessProblemView, description: 'Rate limit, quota or enumeration guard (Retry-After)' }),
    ApiBadRequestResponse({ description: 'Bad input: malformed ID number, unknown field or purpose, wrong types, a bad Idempotency-Key (errors names each field); audited, not charged' }),
    ApiPaymentRequiredResponse({ type: AccessProblemView, description: 'The prepaid balance cannot pay for the answer; audited, not charged' }),
    ApiForbiddenResponse({ type: AccessProblemView, description: 'Denied by policy (reasonCode and reasons; audited, not charged), or the API key lacks the scope' }),
    ApiUnprocessableEntityResponse({ type: AccessProblemView, description: 'Idempotency-Key used before with another body' }),
  );

@ApiTags('enterprise API')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked API key' })
@UseGuards(ApiKeyGuard)
@Controller('v1')
export class AccessController {
  constructor(
    private readonly access: AccessService,
    private readonly limiter: RateLimiter,
    private readonly meter: Meter,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post('verifications')
  @HttpCode(200)
  @RequiresScope('verify')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key and body: the first response again, no second charge' })
  @ApiOperation({ summary: 'Verify claimed values: match / no match per field, never the stored value (fee product SPDC01, per field)' })
  @ApiOkResponse({ type: VerificationAnswerView, description: 'Per-field results, the charge, the audit reference' })
  @AccessRefusals()
  @ApiBody({ type: VerificationDto })
  async verify(@CurrentOrganisation() owner: ApiKeyOwner, @Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @Res() reply: FastifyReply) {
    await this.limiter.check(owner.organisationId, owner.keyId);
    return this.send(reply, await this.access.access(owner, 'verify', body, this.idempotency(key, 'verify', body)));
  }

  @Post('lookups')
  @HttpCode(200)
  @RequiresScope('lookup')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({ summary: 'Fetch consented fields: only those the policy allows, masked where it says (fee product SPDC04, per field)' })
  @ApiOkResponse({ type: LookupAnswerView, description: 'Allowed fields, masked and withheld fields, denied fields, the charge, the audit reference' })
  @AccessRefusals()
  @ApiNotFoundResponse({ type: AccessProblemView, description: 'No citizen has this ID number (said only under consent or a legal duty); audited, not charged' })
  @ApiBody({ type: LookupDto })
  async lookup(@CurrentOrganisation() owner: ApiKeyOwner, @Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @Res() reply: FastifyReply) {
    await this.limiter.check(owner.organisationId, owner.keyId);
    return this.send(reply, await this.access.access(owner, 'lookup', body, this.idempotency(key, 'lookup', body)));
  }

  @Post('verifications/batch')
  @HttpCode(200)
  @RequiresScope('batch')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key and body: each item answered before is given back, none charged twice' })
  @ApiOperation({ summary: 'Up to 1,000 verifications; per-item results and charges, failures reported per item' })
  @ApiOkResponse({ type: BatchAnswerView, description: 'One item per verification, in order: its status and its answer or problem' })
  @ApiBadRequestResponse({ description: 'Not a batch of 1 to 1,000 items, or a bad Idempotency-Key (errors names each field); audited, not charged. A bad item fails alone, in the 200' })
  @ApiForbiddenResponse({ type: AccessProblemView, description: 'The API key lacks the batch scope' })
  @ApiTooManyRequestsResponse({ type: AccessProblemView, description: 'Rate limit (Retry-After); quota and the enumeration guard answer per item, in the 200' })
  @ApiUnprocessableEntityResponse({ type: AccessProblemView, description: 'Idempotency-Key used before with another body' })
  @ApiBody({ type: VerificationBatchDto })
  async batch(@CurrentOrganisation() owner: ApiKeyOwner, @Body() body: unknown, @Headers('idempotency-key') key: string | undefined) {
    await this.limiter.check(owner.organisationId, owner.keyId);
    return this.access.batch(owner, body, this.idempotency(key, 'batch', body));
  }

  @Get('usage')
  @ApiOperation({ summary: 'Charged usage by day (Asia/Ho_Chi_Minh), purpose and fee product' })
  @ApiOkResponse({ type: UsageView })
  async usage(@CurrentOrganisation() owner: ApiKeyOwner, @Query() query: UsageQueryDto): Promise<UsageView> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 86_400_000);
    if (from >= to) throw new ValidationProblem([{ field: 'from', message: 'must be before to' }]);
    const rows = await new GatewayRequestRepository(this.dataSource).usage(owner.organisationId, from, to);
    return { from: from.toISOString(), to: to.toISOString(), rows };
  }

  @Get('balance')
  @ApiOperation({ summary: 'Prepaid balance in VND' })
  @ApiOkResponse({ type: BalanceView })
  balance(@CurrentOrganisation() owner: ApiKeyOwner): Promise<BalanceView> {
    return this.meter.balance(owner.organisationId);
  }

  private idempotency(key: string | undefined, operation: string, body: unknown) {
    if (key === undefined) return undefined;
    if (!IDEMPOTENCY_KEY.test(key)) throw new ValidationProblem([{ field: 'Idempotency-Key', message: 'must be 8-128 characters of A-Z a-z 0-9 . _ : -' }]);
    return { key, fingerprint: requestFingerprint(operation, body) };
  }

  private send(reply: FastifyReply, outcome: Outcome & { replayed?: boolean }) {
    if (outcome.replayed) reply.header('Idempotent-Replayed', 'true');
    const retryAfter = outcome.body['retryAfterSeconds'];
    if (typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
    reply.status(outcome.status).header('Content-Type', outcome.problem ? PROBLEM_CONTENT_TYPE : 'application/json; charset=utf-8');
    return reply.send(JSON.stringify({ ...outcome.body, ...(outcome.problem ? { requestId: outcome.body['requestId'] } : {}) }));
  }
}

