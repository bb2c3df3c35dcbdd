import { notificationDecision } from './citizen-notification.util';

const sensitive = ['religion', 'bloodGroup'];
const now = '2026-03-10T00:00:00Z';

describe('citizen notification decision', () => {
  it('notifies every access under all-accesses, naming the sensitive fields touched', () => {
    expect(notificationDecision({ index: 1, fields: ['fullName'], disclosureAfter: null }, 'all-accesses', sensitive, now)).toEqual({ action: 'notify', sensitiveFields: [] });
    expect(notificationDecision({ index: 2, fields: ['fullName', 'religion'], disclosureAfter: null }, 'all-accesses', sensitive, now)).toEqual({
      action: 'notify',
      sensitiveFields: ['religion'],
    });
  });

  it('skips basic-only accesses under sensitive-fields-only', () => {
    expect(notificationDecision({ index: 1, fields: ['fullName', 'dateOfBirth'], disclosureAfter: null }, 'sensitive-fields-only', sensitive, now)).toEqual({ action: 'skip' });
    expect(notificationDecision({ index: 1, fields: ['religion'], disclosureAfter: null }, 'sensitive-fields-only', sensitive, now).action).toBe('notify');
  });

  it('holds a deferred disclosure until its time, then decides', () => {
    const entry = { index: 3, fields: ['religion'], disclosureAfter: '2026-06-01T00:00:00Z' };
    expect(notificationDecision(entry, 'all-accesses', sensitive, now)).toEqual({ action: 'defer', until: '2026-06-01T00:00:00Z' });
    expect(notificationDecision(entry, 'all-accesses', sensitive, '2026-06-01T00:00:00Z').action).toBe('notify');
  });
});
