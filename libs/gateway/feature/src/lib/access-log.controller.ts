import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { ApiKeyGuard, ApiKeyOwner, CurrentOrganisation } from '@consentry/identity-feature';
import { IsInstant, PageLimit } from '@consentry/shared-http';

class AccessLogQueryDto {
  @ApiPropertyOptional({ enum: ['allow', 'deny', 'rejected'] }) @IsOptional() @IsIn(['allow', 'deny', 'rejected']) decision?: string;
  @ApiPropertyOptional({ description: 'Entries before this instant, ISO 8601 with a zone (nextBefore of the previous page)' }) @IsOptional() @IsInstant() before?: string;
  @PageLimit(500, 100) limit?: number;
}

/**
 * An organisation's own access history and denials, from the gateway's record of its requests;
 * each entry names its audit event, which the public audit log can prove. Citizens appear only
 * by pseudonym: the organisation sent the ID number itself and needs no copy of it back.
 */
@ApiTags('enterprise API')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('v1/access-log')
export class AccessLogController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'This organisation’s requests, newest first: decision, reason, fields, charge, audit event' })
  async list(@CurrentOrganisation() owner: ApiKeyOwner, @Query() query: AccessLogQueryDto) {
    const limit = query.limit ?? 100;
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT id AS "requestId", operation, purpose, decision, reason_code AS "reasonCode", fields, product,
              units, amount_vnd::text AS "amountVnd", audit_event_id AS "auditEventId", created_at AS "createdAt"
         FROM "gateway"."requests"
        WHERE organisation_id = $1 AND ($2::text IS NULL OR decision = $2) AND ($3::timestamptz IS NULL OR created_at < $3)
        ORDER BY created_at DESC LIMIT $4`,
      [owner.organisationId, query.decision ?? null, query.before ?? null, limit + 1],
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1] as { createdAt?: Date } | undefined;
    return { items, nextBefore: rows.length > limit && last?.createdAt ? new Date(last.createdAt).toISOString() : null };
  }
}
