import { validateAuditEvent } from '@consentry/audit-domain';
import { AccessRecordInput, CONSENT_REASONS, accessProblem, accessRecord, frequencyPeriodStart, legalBasisOf } from './access-record.util';

const PSEUDONYM = 'a'.repeat(64);
const ids = { requestId: '11111111-1111-4111-8111-111111111111', eventId: '22222222-2222-4222-8222-222222222222', now: new Date('2026-11-25T01:00:00.000Z') };
const charge = { chargeId: '33333333-3333-4333-8333-333333333333', product: 'SPDC01', units: 2, amountVnd: '4000', scheduleVersion: 'TT48-2022', exemption: 'none' };

const answered = (over: Partial<AccessRecordInput> = {}): AccessRecordInput => ({
  organisationId: '44444444-4444-4444-8444-444444444444',
  apiKeyId: '55555555-5555-4555-8555-555555555555',
  operation: 'verify',
  purpose: 'credit-scoring',
  pseudonym: PSEUDONYM,
  decision: 'allow',
  reasonCode: 'CONSENT_GRANTED',
  consentId: '66666666-6666-4666-8666-666666666666',
  legalBasis: { kind: 'consent', consentId: '66666666-6666-4666-8666-666666666666' },
  answered: ['fullName', 'dateOfBirth'],
  touched: ['fullName', 'dateOfBirth'],
  charge,
  ids,
  ...over,
});

describe('accessRecord', () => {
  it('writes the request row and the audit event of an answer from the same facts', () => {
    const { row, event } = accessRecord(answered({ ids: { ...ids, batchId: '77777777-7777-4777-8777-777777777777' } }));
    expect(row).toEqual({
      id: ids.requestId,
      organisationId: '44444444-4444-4444-8444-444444444444',
      apiKeyId: '55555555-5555-4555-8555-555555555555',
      operation: 'verify',
      batchId: '77777777-7777-4777-8777-777777777777',
      purpose: 'credit-scoring',
      citizenPseudonym: PSEUDONYM,
      consentId: '66666666-6666-4666-8666-666666666666',
      decision: 'allow',
      reasonCode: 'CONSENT_GRANTED',
      fields: ['fullName', 'dateOfBirth'],
      // Only what the row keeps: an exemption is the answer's, not the row's.
      charge: { chargeId: charge.chargeId, product: 'SPDC01', units: 2, amountVnd: '4000', scheduleVersion: 'TT48-2022' },
      auditEventId: ids.eventId,
      createdAt: ids.now,
    });
    expect(event.eventId).toBe(ids.eventId);
    expect(event.payload).toEqual({
      eventId: ids.eventId,
      occurredAt: '2026-11-25T01:00:00.000Z',
      organisationId: '44444444-4444-4444-8444-444444444444',
      operation: 'verify',
      purpose: 'credit-scoring',
      legalBasis: { kind: 'consent', consentId: '66666666-6666-4666-8666-666666666666' },
      decision: 'allow',
      reasonCode: 'CONSENT_GRANTED',
      fields: ['fullName', 'dateOfBirth'],
      fee: { product: 'SPDC01', amountVnd: '4000', scheduleVersion: 'TT48-2022' },
      requestId: ids.requestId,
      citizenPseudonym: PSEUDONYM,
    });
    expect(validateAuditEvent(event.payload).ok).toBe(true);
  });

  it('names the fields asked in the event of a denial, none in its row, and charges nothing', () => {
    const { row, event } = accessRecord(answered({ decision: 'deny', reasonCode: 'CONSENT_MISSING', consentId: null, legalBasis: { kind: 'consent', consentId: null }, answered: [], charge: null }));
    expect(row).toMatchObject({ decision: 'deny', fields: [], charge: null, consentId: null, batchId: null });
    expect(event.payload).toMatchObject({ decision: 'deny', fields: ['fullName', 'dateOfBirth'], fee: null, reasonCode: 'CONSENT_MISSING' });
    expect(validateAuditEvent(event.payload).ok).toBe(true);
  });

  it('records a refused body as rejected in its row and as a denial the audit log accepts', () => {
    const { row, event } = accessRecord(answered({ decision: 'rejected', reasonCode: 'INVALID_INPUT', pseudonym: null, consentId: null, legalBasis: { kind: 'consent', consentId: null }, answered: [], touched: [], charge: null }));
    expect(row.decision).toBe('rejected');
    expect(row.citizenPseudonym).toBeNull();
    expect(event.payload.decision).toBe('deny');
    expect(validateAuditEvent(event.payload).ok).toBe(true);
  });

  it('carries the no-match and sequential-ID marks only when set', () => {
    expect(accessRecord(answered()).event.payload).not.toHaveProperty('noMatch');
    expect(accessRecord(answered()).event.payload).not.toHaveProperty('sequentialId');
    const marked = accessRecord(answered({ noMatch: true, sequentialId: true })).event.payload;
    expect(marked).toMatchObject({ noMatch: true, sequentialId: true });
    expect(validateAuditEvent(marked).ok).toBe(true);
  });
});

describe('legalBasisOf', () => {
  it('names the licence for a legal duty and the consent otherwise', () => {
    expect(legalBasisOf({ basis: 'legal-duty', licenceId: 'L-1', consentId: null })).toEqual({ kind: 'legal-duty', reference: 'L-1' });
    expect(legalBasisOf({ basis: 'legal-duty', licenceId: null, consentId: null })).toEqual({ kind: 'legal-duty', reference: 'licence' });
    expect(legalBasisOf({ basis: 'consent', licenceId: 'L-1', consentId: 'c-1' })).toEqual({ kind: 'consent', consentId: 'c-1' });
    expect(legalBasisOf({ basis: null, licenceId: null, consentId: null })).toEqual({ kind: 'consent', consentId: null });
  });
});

describe('frequencyPeriodStart', () => {
  // 1 December 2026, 03:00 in Vietnam: still 30 November in UTC.
  const now = new Date('2026-11-30T20:00:00.000Z');
  it('counts days and months in Vietnam, and every use for once', () => {
    expect(frequencyPeriodStart('day', now).toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(frequencyPeriodStart('month', now).toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(frequencyPeriodStart('month', new Date('2026-11-30T16:59:59.999Z')).toISOString()).toBe('2026-10-31T17:00:00.000Z');
    expect(frequencyPeriodStart('once', now).getTime()).toBe(0);
  });
});

describe('consent reasons and problems', () => {
  it('counts consent refusals towards the enumeration guard, not licence or suspension refusals', () => {
    expect(CONSENT_REASONS.has('CONSENT_MISSING')).toBe(true);
    expect(CONSENT_REASONS.has('FIELD_NOT_CONSENTED')).toBe(true);
    expect(CONSENT_REASONS.has('LICENCE_MISSING')).toBe(false);
    expect(CONSENT_REASONS.has('ORGANISATION_SUSPENDED')).toBe(false);
  });

  it('builds problem+json bodies with their type under the project', () => {
    expect(accessProblem(403, 'access-denied', 'Access denied', 'no consent', { reasonCode: 'CONSENT_MISSING' })).toEqual({
      type: 'https://consentry.dev/problems/access-denied',
      title: 'Access denied',
      status: 403,
      detail: 'no consent',
      reasonCode: 'CONSENT_MISSING',
    });
  });
});
