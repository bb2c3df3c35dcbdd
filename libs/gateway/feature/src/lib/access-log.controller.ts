import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { DataSource } from 'typeorm';
import { ApiKeyGuard, ApiKeyOwner, CurrentOrganisation } from '@consentry/identity-feature';
import { GatewayRequestRepository } from '@consentry/gateway-data-access';
import { cursorKey, isExactInstantPart, isUuidPart, keysetPage } from '@consentry/shared-database';
import { IsInstant, PageLimit } from '@consentry/shared-http';
import { AccessLogPageView } from './access.views';

class AccessLogQueryDto {
  @ApiPropertyOptional({ enum: ['allow', 'deny', 'rejected'] }) @IsOptional() @IsIn(['allow', 'deny', 'rejected']) decision?: string;
  @ApiPropertyOptional({ description: 'Only entries before this instant, ISO 8601 with a zone (where to start)' }) @IsOptional() @IsInstant() before?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @Length(1, 400) cursor?: string;
  @PageLimit(500, 100) limit?: number;
}

/**
 * An organisation's own access history and denials, from the gateway's record of its requests;
 * each entry names its audit event, which the public audit log can prove. No citizen is named,
 * not even by pseudonym: the organisation sent the ID number itself and needs no copy of it back.
 *
 * Pages go newest first by (created_at, id), the cursor holding both to the microsecond: requests
 * answered together share a created_at, and a page edge by time alone skipped the rest of them.
 */
@ApiTags('enterprise API')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked API key' })
@UseGuards(ApiKeyGuard)
@Controller('v1/access-log')
export class AccessLogController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'This organisation’s requests, newest first: decision, reason, fields, charge, audit event; `nextCursor` pages on' })
  @ApiOkResponse({ type: AccessLogPageView })
  @ApiBadRequestResponse({ description: 'A bad filter, or a cursor this list did not issue; `errors` names the field' })
  async list(@CurrentOrganisation() owner: ApiKeyOwner, @Query() query: AccessLogQueryDto): Promise<AccessLogPageView> {
    const limit = query.limit ?? 100;
    const after = query.cursor === undefined ? undefined : cursorKey(query.cursor, [isExactInstantPart, isUuidPart]);
    const rows = await new GatewayRequestRepository(this.dataSource).accessLogPage(owner.organisationId, { decision: query.decision, before: query.before, after, limit: limit + 1 });
    return keysetPage(rows, limit, ({ cursorAt: _, ...item }) => item, (last) => [last.cursorAt, last.requestId]);
  }
}
