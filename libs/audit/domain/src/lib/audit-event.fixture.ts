import { AuditEvent } from './audit-event.types';

/** A valid event for specs; override what a test is about. */
export function auditEventFixture(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    eventId: '0b8f3f3e-6c1a-4f57-9a3c-2d7b1c9e4a10',
    occurredAt: '2026-03-01T08:15:00.123Z',
    organisationId: '6d2b6a0e-3c54-4d2b-8f5a-0f8f1b2c3d4e',
    operation: 'lookup',
    purpose: 'account-opening',
    legalBasis: { kind: 'consent', consentId: 'c0a80101-0000-4000-8000-000000000001' },
    decision: 'allow',
    reasonCode: 'consent-valid',
    fields: ['fullName', 'dateOfBirth'],
    fee: { product: 'lookup', amountVnd: 3000, scheduleVersion: '2026-01' },
    requestId: 'req-123',
    citizenPseudonym: 'a'.repeat(64),
    ...overrides,
  };
}
