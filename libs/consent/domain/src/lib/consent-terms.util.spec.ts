import { validateConsentTerms, validateGrantedFields } from './consent-terms.util';
import { describeConsent } from './consent-text.util';

const now = new Date('2026-06-01T00:00:00Z');
const ctx = { now, knownPurposes: new Set(['account-opening']) };
const good = {
  purposeCode: 'account-opening',
  fields: ['fullName', 'dateOfBirth', 'religion'],
  operations: ['verify', 'lookup'],
  frequency: { limit: 5, period: 'month' },
  validTo: '2027-06-01T00:00:00Z',
  dataLifeDays: 30,
};

describe('validateConsentTerms', () => {
  it('accepts well-formed terms and fills the defaults', () => {
    const { terms, errors } = validateConsentTerms(good, ctx);
    expect(errors).toEqual([]);
    expect(terms).toMatchObject({
      fields: ['fullName', 'dateOfBirth', 'religion'],
      validFrom: now.toISOString(),
      requestExpiresAt: '2026-06-15T00:00:00.000Z',
    });
  });

  it.each([
    ['an unknown purpose', { purposeCode: 'marketing' }, 'purpose'],
    ['an unknown field', { fields: ['fullName', 'shoeSize'] }, 'fields[1]'],
    ['a wildcard', { fields: ['*'] }, 'fields[0]'],
    ['"all" fields', { fields: ['all'] }, 'fields[0]'],
    ['a category instead of fields', { fields: ['sensitive'] }, 'fields[0]'],
    ['no fields', { fields: [] }, 'fields'],
    ['an unknown operation', { operations: ['delete'] }, 'operations[0]'],
    ['an expiry in the past', { validTo: '2026-05-01T00:00:00Z' }, 'validTo'],
    ['an expiry before the start', { validFrom: '2027-01-01T00:00:00Z', validTo: '2026-12-01T00:00:00Z' }, 'validTo'],
    ['a validity over five years', { validTo: '2032-06-01T00:00:00Z' }, 'validTo'],
    ['a bad frequency', { frequency: { limit: 0, period: 'week' } }, 'frequency.limit'],
    ['a negative data life', { dataLifeDays: -1 }, 'dataLifeDays'],
    ['an answer deadline in the past', { requestExpiresAt: '2026-01-01T00:00:00Z' }, 'requestExpiresAt'],
  ])('rejects %s, naming the field', (_, change, field) => {
    const { terms, errors } = validateConsentTerms({ ...good, ...change }, ctx);
    expect(terms).toBeUndefined();
    expect(errors.map((e) => e.field)).toContain(field);
  });
});

describe('validateGrantedFields (partial consent)', () => {
  const requested = ['fullName', 'dateOfBirth', 'religion'] as const;
  it('approves all asked fields by default', () => {
    expect(validateGrantedFields([...requested], undefined).fields).toEqual(requested);
  });
  it('approves a subset', () => {
    expect(validateGrantedFields([...requested], ['fullName'])).toEqual({ fields: ['fullName'], errors: [] });
  });
  it('refuses a field that was not asked for, and an empty approval', () => {
    expect(validateGrantedFields([...requested], ['taxNumber']).errors[0].field).toBe('fields[0]');
    expect(validateGrantedFields([...requested], []).errors[0].field).toBe('fields');
  });
});

describe('describeConsent', () => {
  it('names basic and sensitive data apart, with purpose, limits and retention', () => {
    const { terms } = validateConsentTerms(good, ctx);
    const text = describeConsent('Demo Bank', { code: 'account-opening', title: 'Open a bank account', description: '', legalText: '' }, terms!);
    expect(text).toContain('Demo Bank wants to check (match / no match) and receive');
    expect(text).toContain('the sensitive data');
    expect(text).toContain('"Open a bank account"');
    expect(text).toContain('At most 5 times per month.');
    expect(text).toContain('may keep it for 30 days');
  });
});
