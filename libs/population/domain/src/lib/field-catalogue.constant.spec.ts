import {
  BASIC_FIELDS,
  FIELD_CATALOGUE,
  SENSITIVE_FIELDS,
  fieldCategory,
  fieldDefinition,
  isFieldCode,
} from './field-catalogue.constant';

describe('FIELD_CATALOGUE', () => {
  const codes = FIELD_CATALOGUE.map((f) => f.code);

  it('has unique camelCase codes and both labels for every field', () => {
    expect(new Set(codes).size).toBe(codes.length);
    for (const field of FIELD_CATALOGUE) {
      expect(field.code).toMatch(/^[a-z][a-zA-Z]*$/);
      expect(field.label.vi.trim()).not.toBe('');
      expect(field.label.en.trim()).not.toBe('');
      expect(field.basis.trim()).not.toBe('');
    }
  });

  it('splits every field into exactly one of basic and sensitive', () => {
    expect([...BASIC_FIELDS, ...SENSITIVE_FIELDS].sort()).toEqual([...codes].sort());
    expect(BASIC_FIELDS.filter((c) => SENSITIVE_FIELDS.includes(c))).toEqual([]);
  });

  it('classifies as the law does', () => {
    expect([...SENSITIVE_FIELDS].sort()).toEqual(
      ['eidLevel', 'ethnicity', 'healthInsuranceNumber', 'religion', 'socialInsuranceNumber'].sort(),
    );
    // Blood group is expressly excepted from health data; residences are addresses, not tracking.
    expect(fieldCategory('bloodGroup')).toBe('basic');
    expect(fieldCategory('permanentResidence')).toBe('basic');
    expect(fieldCategory('currentResidence')).toBe('basic');
    expect(fieldCategory('taxNumber')).toBe('basic');
    expect(fieldCategory('religion')).toBe('sensitive');
  });

  it('recognises field codes and nothing else', () => {
    expect(isFieldCode('idNumber')).toBe(true);
    expect(isFieldCode('IdNumber')).toBe(false);
    expect(isFieldCode('toString')).toBe(false);
    expect(isFieldCode(undefined)).toBe(false);
    expect(fieldDefinition('eidLevel').valueType).toEqual({ kind: 'enum', values: [1, 2] });
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(FIELD_CATALOGUE)).toBe(true);
    expect(Object.isFrozen(FIELD_CATALOGUE[0])).toBe(true);
  });
});
