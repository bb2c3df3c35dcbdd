import { licenceFieldErrors } from '../common/policy-problems.util';
import { licenceFromTerms, sameTerms, termsOf } from './licence-terms.util';

const terms = {
  organisationKind: 'enterprise',
  legalBasis: 'consent',
  grants: [{ purposeCode: 'p', operations: ['lookup'], fields: ['fullName', 'idNumber'], obligations: { idNumber: 'mask', fullName: 'match-only' } }],
  validFrom: '2026-01-01T07:00:00+07:00',
  validTo: '2027-01-01T00:00:00Z',
};
const ids = { id: 'l1', organisationId: 'o1', version: 1 };

describe('licence terms', () => {
  it('normalises instants to UTC and defaults status and reference', () => {
    expect(licenceFromTerms(terms, ids)).toMatchObject({ status: 'active', legalReference: '', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2027-01-01T00:00:00.000Z' });
  });

  it('compares terms whatever the version and the key order the database returns', () => {
    const a = licenceFromTerms(terms, ids);
    const fromDatabase = JSON.parse(JSON.stringify({ ...a, version: 2, grants: [{ ...a.grants[0], obligations: { fullName: 'match-only', idNumber: 'mask' } }] }));
    expect(sameTerms(a, fromDatabase)).toBe(true);
    expect(sameTerms(a, licenceFromTerms({ ...termsOf(a), status: 'revoked' }, ids))).toBe(false);
  });

  it("names a licence problem's field as the validation pipe names nested fields", () => {
    expect(licenceFieldErrors([{ path: 'grants[2].fields[0]', message: 'm' }], 'licence')).toEqual([{ field: 'licence.grants.2.fields.0', message: 'm' }]);
    expect(licenceFieldErrors([{ path: 'validTo', message: 'm' }])).toEqual([{ field: 'validTo', message: 'm' }]);
  });
});
