import fc from 'fast-check';
import type { CitizenRecord } from '@consentry/population-domain';
import { lookupFields, maskValue, normaliseValue, verifyClaims } from './answer.util';
import { canonicalJson, requestFingerprint } from './request-hash.util';

const record = {
  idNumber: '001090012345',
  fullName: 'Nguyễn Văn An',
  dateOfBirth: '1990-04-12',
  sex: 'male',
  religion: null,
  taxNumber: '001090012345',
} as unknown as CitizenRecord;

describe('verifyClaims', () => {
  it('matches regardless of case, spacing and Unicode composition, never of diacritics', () => {
    const decomposed = 'nguyễn  văn an'.normalize('NFD');
    expect(verifyClaims(record, { fullName: decomposed }, ['fullName'])).toEqual({ fullName: 'match' });
    expect(verifyClaims(record, { fullName: 'Nguyen Van An' }, ['fullName'])).toEqual({ fullName: 'no_match' });
  });

  it('answers only allowed fields that were claimed, and never a stored value', () => {
    const result = verifyClaims(record, { fullName: 'x', dateOfBirth: '1990-04-12', sex: 'male' }, ['fullName', 'dateOfBirth']);
    expect(result).toEqual({ fullName: 'no_match', dateOfBirth: 'match' });
    expect(JSON.stringify(result)).not.toContain('Nguyễn');
  });

  it('never matches a field the record lacks, nor any field of a missing record', () => {
    expect(verifyClaims(record, { religion: '' }, ['religion'])).toEqual({ religion: 'no_match' });
    expect(verifyClaims(null, { fullName: 'Nguyễn Văn An' }, ['fullName'])).toEqual({ fullName: 'no_match' });
  });

  it('only ever answers match or no_match (property)', () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('fullName', 'dateOfBirth', 'sex'), fc.string()), (claims) => {
      const out = verifyClaims(record, claims, ['fullName', 'dateOfBirth', 'sex']);
      expect(Object.keys(out).sort()).toEqual(Object.keys(claims).sort());
      for (const v of Object.values(out)) expect(['match', 'no_match']).toContain(v);
    }));
  });
});

describe('lookupFields and masking', () => {
  it('returns allowed fields, masks where obliged, withholds match-only fields', () => {
    const out = lookupFields(record, ['fullName', 'dateOfBirth', 'taxNumber'], [
      { field: 'taxNumber', kind: 'mask' },
      { field: 'dateOfBirth', kind: 'match-only' },
    ]);
    expect(out.values).toEqual({ fullName: 'Nguyễn Văn An', taxNumber: '*********345' });
    expect(out.masked).toEqual(['taxNumber']);
    expect(out.withheld).toEqual(['dateOfBirth']);
  });

  it('masks words to their first and last letters', () => {
    expect(maskValue('Nguyễn Văn An')).toBe('N****n V*n A*');
  });

  it('a masked value never reveals more than a third of a code (property)', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{3,20}$/), (code) => {
      const masked = maskValue(code);
      expect(masked).toHaveLength(code.length);
      expect(masked.replace(/\*/g, '').length).toBeLessThanOrEqual(Math.floor(code.length / 3));
    }));
  });
});

describe('request fingerprints', () => {
  it('ignore key order, and differ for different bodies or operations', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe('{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}');
    expect(requestFingerprint('verify', { a: 1, b: 2 })).toBe(requestFingerprint('verify', { b: 2, a: 1 }));
    expect(requestFingerprint('verify', { a: 1 })).not.toBe(requestFingerprint('verify', { a: 2 }));
    expect(requestFingerprint('verify', { a: 1 })).not.toBe(requestFingerprint('lookup', { a: 1 }));
  });

  it('normalises values for comparison only', () => {
    expect(normaliseValue('  A  b ')).toBe('a b');
  });
});
