import { validateLicence } from './licence-validation.util';
import { aLicence, aStateAgencyLicence } from './policy-test.fixture';

const paths = (licence: Parameters<typeof validateLicence>[0]) => validateLicence(licence).map((p) => p.path);

describe('validateLicence', () => {
  it('accepts well-formed licences', () => {
    expect(validateLicence(aLicence())).toEqual([]);
    expect(validateLicence(aStateAgencyLicence())).toEqual([]);
  });

  it('names each problem by path', () => {
    const licence = aLicence({
      version: 0,
      status: 'paused' as never,
      validFrom: '2027-01-01T00:00:00Z',
      validTo: '2026-01-01T00:00:00Z',
      grants: [
        { purposeCode: 'KYC', operations: ['lookup', 'read' as never], fields: ['fullName', 'fullName', 'x' as never], obligations: { sex: 'mask', fullName: 'blur' as never } },
        { purposeCode: 'KYC', operations: [], fields: [] },
      ],
    });
    expect(paths(licence)).toEqual([
      'version',
      'status',
      'validTo',
      'grants[0].operations[1]',
      'grants[0].fields[1]',
      'grants[0].fields[2]',
      'grants[0].obligations.sex',
      'grants[0].obligations.fullName',
      'grants[1].purposeCode',
      'grants[1].operations',
      'grants[1].fields',
    ]);
  });

  it('rejects a legal duty claimed by an ineligible kind or without a reference', () => {
    expect(paths(aLicence({ legalBasis: 'legal-duty' }))).toEqual(['legalBasis']);
    expect(paths(aStateAgencyLicence({ legalReference: ' ' }))).toEqual(['legalReference']);
    expect(paths(aLicence({ grants: [] }))).toEqual(['grants']);
  });
});
