import type { InboxItem, NotificationSettings } from '@consentry/monitoring-data-access';
import type { InboxItemDto, NotificationSettingsDto } from './notification.dto';

export function toSettingsDto(s: NotificationSettings, shownSecret?: string): NotificationSettingsDto {
  return { scope: s.scope, inbox: s.inbox, webhookUrl: s.webhookUrl, updatedAt: s.updatedAt, ...(shownSecret ? { webhookSecret: shownSecret } : {}) };
}

export function toInboxItemDto(i: InboxItem): InboxItemDto {
  return {
    id: i.id,
    entryIndex: i.entryIndex,
    occurredAt: i.occurredAt,
    organisationId: i.organisationId,
    operation: i.operation,
    purpose: i.purpose,
    fields: i.fields,
    sensitiveFields: i.sensitiveFields,
    createdAt: i.createdAt,
    readAt: i.readAt,
  };
}
