import fc from 'fast-check';
import { ACCESS_BODY_LIMITS, UnreadableBody, accessBodyErrors, batchBodyErrors, purposeOf } from './access-body.util';

const verification = { citizenId: '001090012345', purpose: 'account-opening', claims: { fullName: 'Nguyễn Văn An' } };
const lookup = { citizenId: '001090012345', purpose: 'account-opening', fields: ['fullName', 'dateOfBirth'] };
const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('accessBodyErrors', () => {
  it('takes well-formed verification and lookup bodies', () => {
    expect(accessBodyErrors('verify', verification)).toEqual([]);
    expect(accessBodyErrors('lookup', lookup)).toEqual([]);
    // Meaning is checked later: an empty claim set or an unknown field code is still the right shape.
    expect(accessBodyErrors('verify', { ...verification, claims: {} })).toEqual([]);
    expect(accessBodyErrors('lookup', { ...lookup, fields: ['shoeSize'] })).toEqual([]);
  });

  it.each([null, [], 'text', 42, true, undefined])('refuses a body that is not a JSON object (%p)', (body) => {
    expect(accessBodyErrors('verify', body)).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
  });

  it('names every wrong property, missing ones included', () => {
    expect(fields(accessBodyErrors('verify', {}))).toEqual(['citizenId', 'purpose', 'claims']);
    expect(fields(accessBodyErrors('lookup', {}))).toEqual(['citizenId', 'purpose', 'fields']);
    expect(fields(accessBodyErrors('verify', { ...verification, citizenId: 12, purpose: ['a'] }))).toEqual(['citizenId', 'purpose']);
  });

  it('refuses properties the operation does not take, including the other operation’s', () => {
    expect(fields(accessBodyErrors('verify', { ...verification, extra: 1 }))).toEqual(['extra']);
    expect(fields(accessBodyErrors('verify', { ...verification, fields: ['fullName'] }))).toEqual(['fields']);
    expect(fields(accessBodyErrors('lookup', { ...lookup, claims: {} }))).toEqual(['claims']);
    // As a JSON parser delivers it: an own property named __proto__ is just an unknown property.
    expect(fields(accessBodyErrors('verify', JSON.parse('{"citizenId":"1","purpose":"p","claims":{},"__proto__":{"admin":true}}')))).toEqual(['__proto__']);
    // A hostile name is cut short before it goes back in the problem.
    expect(accessBodyErrors('verify', { ...verification, ['x'.repeat(500)]: 1 })[0].field).toHaveLength(64);
  });

  it('holds text to its limits', () => {
    expect(accessBodyErrors('verify', { ...verification, citizenId: '1'.repeat(ACCESS_BODY_LIMITS.citizenId) })).toEqual([]);
    expect(accessBodyErrors('verify', { ...verification, citizenId: '1'.repeat(ACCESS_BODY_LIMITS.citizenId + 1) })).toEqual([
      { field: 'citizenId', message: 'must be at most 32 characters' },
    ]);
    expect(fields(accessBodyErrors('verify', { ...verification, purpose: 'p'.repeat(65) }))).toEqual(['purpose']);
  });

  it('wants claims as an object of texts or numbers and fields as a short array of strings', () => {
    for (const claims of [null, [], 'fullName', 3]) expect(fields(accessBodyErrors('verify', { ...verification, claims }))).toEqual(['claims']);
    expect(accessBodyErrors('verify', { ...verification, claims: { fullName: 'An', dateOfBirth: '1990-04-12', heightCm: 172 } })).toEqual([]);
    const odd = { fullName: { $regex: '.*' }, religion: null, sex: true, address: ['a'], taxNumber: 'x'.repeat(ACCESS_BODY_LIMITS.claimValue + 1) };
    expect(accessBodyErrors('verify', { ...verification, claims: odd })).toEqual([
      { field: 'claims.fullName', message: 'must be a string or a number' },
      { field: 'claims.religion', message: 'must be a string or a number' },
      { field: 'claims.sex', message: 'must be a string or a number' },
      { field: 'claims.address', message: 'must be a string or a number' },
      { field: 'claims.taxNumber', message: 'must be at most 1024 characters' },
    ]);
    expect(accessBodyErrors('verify', { ...verification, claims: { fullName: 'x'.repeat(ACCESS_BODY_LIMITS.claimValue) } })).toEqual([]);
    expect(fields(accessBodyErrors('lookup', { ...lookup, fields: 'fullName' }))).toEqual(['fields']);
    expect(fields(accessBodyErrors('lookup', { ...lookup, fields: ['fullName', 7, null] }))).toEqual(['fields[1]', 'fields[2]']);
    expect(accessBodyErrors('lookup', { ...lookup, fields: Array.from({ length: 32 }, () => 'fullName') })).toEqual([]);
    expect(fields(accessBodyErrors('lookup', { ...lookup, fields: Array.from({ length: 33 }, () => 'fullName') }))).toEqual(['fields']);
  });

  it('names the body when it could not be read as JSON, and only the body', () => {
    expect(accessBodyErrors('verify', new UnreadableBody('is not valid JSON'))).toEqual([{ field: 'body', message: 'is not valid JSON' }]);
    expect(accessBodyErrors('lookup', new UnreadableBody('is empty'))).toEqual([{ field: 'body', message: 'is empty' }]);
    expect(batchBodyErrors(new UnreadableBody('is empty'))).toEqual([{ field: 'body', message: 'is empty' }]);
    expect(purposeOf(new UnreadableBody('is empty'))).toBe('');
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('verify' as const, 'lookup' as const), (body, kind) => {
        const errors = accessBodyErrors(kind, body);
        expect(Array.isArray(errors)).toBe(true);
        // A body with no errors has the promised shape.
        if (errors.length === 0) {
          const b = body as Record<string, unknown>;
          expect(typeof b['citizenId']).toBe('string');
          expect(typeof b['purpose']).toBe('string');
          if (kind === 'verify') for (const v of Object.values(b['claims'] as object)) expect(['string', 'number']).toContain(typeof v);
          else expect((b['fields'] as unknown[]).every((f) => typeof f === 'string')).toBe(true);
        }
      }),
    );
  });
});

describe('batchBodyErrors', () => {
  it('takes 1 to 1,000 items and nothing else', () => {
    expect(batchBodyErrors({ items: [verification] })).toEqual([]);
    expect(batchBodyErrors({ items: Array.from({ length: 1000 }, () => verification) })).toEqual([]);
    expect(batchBodyErrors({ items: Array.from({ length: 1001 }, () => verification) })).toEqual([
      { field: 'items', message: 'a batch holds at most 1000 verifications' },
    ]);
    expect(fields(batchBodyErrors({ items: [] }))).toEqual(['items']);
    expect(fields(batchBodyErrors({ items: {} }))).toEqual(['items']);
    expect(fields(batchBodyErrors({ items: [verification], callback: 'x' }))).toEqual(['callback']);
    expect(fields(batchBodyErrors([verification]))).toEqual(['body']);
  });

  it('leaves the items to be checked one by one', () => {
    expect(batchBodyErrors({ items: [verification, 'not a verification', { citizenId: 1 }] })).toEqual([]);
  });
});

describe('purposeOf', () => {
  it('gives the purpose a body names as text, cut to 64 characters, or nothing', () => {
    expect(purposeOf(verification)).toBe('account-opening');
    expect(purposeOf({ purpose: 'p'.repeat(100) })).toHaveLength(64);
    expect(purposeOf({ purpose: { $ne: 1 } })).toBe('');
    expect(purposeOf(null)).toBe('');
    expect(purposeOf(['purpose'])).toBe('');
  });
});
