import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUrl, Matches, MaxLength } from 'class-validator';
import { NOTIFICATION_SCOPES, type NotificationScope } from '@consentry/monitoring-domain';
import { PageLimit } from '@consentry/shared-http';

export class NotificationSettingsInputDto {
  @ApiProperty({ enum: NOTIFICATION_SCOPES, description: 'Every access to my data, or only accesses that include a sensitive field' })
  @IsIn(NOTIFICATION_SCOPES)
  scope: NotificationScope;

  @ApiProperty({ description: 'Deliver to my in-portal inbox' })
  @IsBoolean()
  inbox: boolean;

  @ApiPropertyOptional({ description: 'Also POST each notification, signed, to this URL: https, on a public host (not localhost or a private, loopback or link-local address)', example: 'https://me.example/consentry' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  @MaxLength(2000)
  webhookUrl?: string;
}

export class NotificationSettingsDto {
  @ApiProperty({ enum: NOTIFICATION_SCOPES }) scope: string;
  @ApiProperty() inbox: boolean;
  @ApiProperty({ nullable: true, type: String }) webhookUrl: string | null;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional({ description: 'Shown once, when a webhook URL is set or changed: verify "Consentry-Signature" (t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">) with it' })
  webhookSecret?: string;
}

export class InboxQueryDto {
  @ApiPropertyOptional({ description: 'Only unread items' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ description: 'Items older than this item id (paging)' })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'must be an item id' })
  before?: string;

  @PageLimit(100, 20)
  limit?: number;
}

export class NotificationIdDto {
  @ApiProperty({ description: 'Inbox item id' })
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'must be an inbox item id' })
  id: string;
}

export class InboxItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The access in the verifiable log (GET /v1/citizen/accesses shows it with its proof)' }) entryIndex: number;
  @ApiProperty() occurredAt: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() operation: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ type: [String] }) fields: string[];
  @ApiProperty({ type: [String], description: 'The sensitive fields among them' }) sensitiveFields: string[];
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) readAt: string | null;
}

export class InboxDto {
  @ApiProperty({ type: [InboxItemDto] }) items: InboxItemDto[];
  @ApiProperty() unread: number;
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `before` for the next page' }) nextBefore: string | null;
}

export class ReplayResultDto {
  @ApiProperty({ description: 'Dead webhook deliveries made pending again, to be sent (at most 500 per call)' }) replayed: number;
  @ApiProperty({
    description: 'Of these, how many the queue did not take now: they stay pending and are queued again automatically once the queue is back (calling again does not resend them)',
  })
  pending: number;
}
