import fc from 'fast-check';
import { Sex } from './citizen-record.types';
import {
  ID_NUMBER_MAX_YEAR,
  ID_NUMBER_MIN_YEAR,
  checkIdNumberAgainstRecord,
  encodeIdNumber,
  idNumberCurrentYear,
  validateIdNumber,
} from './id-number.util';
import { PROVINCE_CODES, PROVINCES } from './provinces.constant';

const provinceArb = fc.constantFrom(...PROVINCE_CODES);
const sexArb = fc.constantFrom<Sex>('male', 'female');
const yearArb = fc.integer({ min: ID_NUMBER_MIN_YEAR, max: ID_NUMBER_MAX_YEAR });
const serialArb = fc.integer({ min: 0, max: 999_999 });
const factsArb = fc.record({ provinceCode: provinceArb, sex: sexArb, birthYear: yearArb, serial: serialArb });
const digitsArb = (length: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: length, maxLength: length }).map((d) => d.join(''));
/** A day in the given year, 'YYYY-MM-DD'. */
const dateInYear = (year: number) =>
  fc.record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) }).map(
    ({ month, day }) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  );

const errorCodes = (result: ReturnType<typeof validateIdNumber>) => (result.valid ? [] : result.errors.map((e) => e.code));

describe('validateIdNumber', () => {
  it('decodes province, sex, century, year and serial', () => {
    expect(validateIdNumber('001090012345')).toEqual({
      valid: true,
      parts: { provinceCode: '001', provinceName: 'Hà Nội', sex: 'male', birthYear: 1990, serial: '012345' },
    });
    expect(validateIdNumber('079305000001')).toMatchObject({ valid: true, parts: { sex: 'female', birthYear: 2005 } });
    expect(validateIdNumber('096999000000')).toMatchObject({ valid: true, parts: { sex: 'female', birthYear: 1899 } });
    expect(validateIdNumber('048699999999')).toMatchObject({ valid: true, parts: { sex: 'male', birthYear: 2299 } });
    expect(validateIdNumber('048800000000')).toMatchObject({ valid: true, parts: { sex: 'male', birthYear: 1800 } });
  });

  it('maps every century/sex digit', () => {
    const expected: [Sex, number][] = [
      ['male', 1900], ['female', 1900], ['male', 2000], ['female', 2000], ['male', 2100],
      ['female', 2100], ['male', 2200], ['female', 2200], ['male', 1800], ['female', 1800],
    ];
    expected.forEach(([sex, century], digit) => {
      expect(validateIdNumber(`001${digit}42000000`)).toMatchObject({ valid: true, parts: { sex, birthYear: century + 42 } });
    });
  });

  it('names the unknown province code without echoing the number', () => {
    const result = validateIdNumber('003090012345');
    expect(result).toEqual({
      valid: false,
      errors: [{ code: 'unknown_province', message: 'unknown province code 003' }],
    });
  });

  it('rejects non-strings, wrong lengths, and digits that are not ASCII', () => {
    expect(errorCodes(validateIdNumber(1090012345))).toEqual(['not_a_string']);
    expect(errorCodes(validateIdNumber(null))).toEqual(['not_a_string']);
    expect(errorCodes(validateIdNumber('00109001234'))).toEqual(['wrong_length']);
    expect(errorCodes(validateIdNumber('0010900123456'))).toEqual(['wrong_length']);
    expect(errorCodes(validateIdNumber(''))).toEqual(['wrong_length']);
    expect(errorCodes(validateIdNumber('００１０９００１２３４５'))).toEqual(['not_digits']); // full-width
    expect(errorCodes(validateIdNumber('001090012٣٤٥'))).toEqual(['not_digits']); // Arabic-Indic
    expect(errorCodes(validateIdNumber('001 90012345'))).toEqual(['not_digits']);
    expect(errorCodes(validateIdNumber('00109001234'.concat('\n')))).toEqual(['not_digits']);
    expect(errorCodes(validateIdNumber('0010900123x'))).toEqual(['wrong_length', 'not_digits']);
    expect(validateIdNumber('00109001234')).toMatchObject({ errors: [{ message: 'must be 12 digits, got 11 characters' }] });
  });

  it('rejects a birth year after the current year when the caller passes one', () => {
    expect(errorCodes(validateIdNumber('001225000000', { currentYear: 2025 }))).toEqual([]);
    expect(errorCodes(validateIdNumber('001226000000', { currentYear: 2025 }))).toEqual(['birth_year_in_future']);
    expect(validateIdNumber('001226000000').valid).toBe(true);
  });

  it("takes the current year in Vietnam's time: the new year starts at 17:00 UTC on 31 December", () => {
    expect(idNumberCurrentYear(new Date('2025-12-31T16:59:59.999Z'))).toBe(2025);
    expect(idNumberCurrentYear(new Date('2025-12-31T17:00:00Z'))).toBe(2026);
    expect(idNumberCurrentYear(new Date('2026-06-15T00:00:00Z'))).toBe(2026);
    const bornAtNewYear = encodeIdNumber({ provinceCode: '079', sex: 'female', birthYear: 2026, serial: 1 });
    expect(errorCodes(validateIdNumber(bornAtNewYear, { currentYear: idNumberCurrentYear(new Date('2025-12-31T17:30:00Z')) }))).toEqual([]);
    expect(errorCodes(validateIdNumber(bornAtNewYear, { currentYear: idNumberCurrentYear(new Date('2025-12-31T16:30:00Z')) }))).toEqual(['birth_year_in_future']);
  });

  it('property: every string that is not 12 ASCII digits is invalid', () => {
    const notTwelveDigits = fc
      .oneof(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.string({ unit: 'binary', minLength: 12, maxLength: 12 }),
        digitsArb(11),
        digitsArb(13),
        fc.tuple(digitsArb(11), fc.constantFrom('٠', '０', '०', '৩', 'a', ' ', '-', '.')).map(([d, c]) => d + c),
      )
      .filter((s) => !/^[0-9]{12}$/.test(s));
    fc.assert(fc.property(notTwelveDigits, (s) => validateIdNumber(s).valid === false));
  });

  it('property: any 12 digits are valid exactly when the province code is known', () => {
    fc.assert(
      fc.property(digitsArb(12), (s) => validateIdNumber(s).valid === Object.prototype.hasOwnProperty.call(PROVINCES, s.slice(0, 3))),
    );
  });

  it('property: error messages never repeat the input', () => {
    const input = fc.oneof(digitsArb(12), digitsArb(11), digitsArb(13), fc.string({ minLength: 8, maxLength: 16 }));
    fc.assert(
      fc.property(input, (s) => {
        const result = validateIdNumber(s);
        return result.valid || result.errors.every((e) => !e.message.includes(s));
      }),
    );
  });
});

describe('encodeIdNumber', () => {
  it('property: validate(encode(facts)) returns the facts, for every province, sex and year 1800-2299', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const result = validateIdNumber(encodeIdNumber(facts));
        expect(result).toEqual({
          valid: true,
          parts: {
            provinceCode: facts.provinceCode,
            provinceName: PROVINCES[facts.provinceCode],
            sex: facts.sex,
            birthYear: facts.birthYear,
            serial: String(facts.serial).padStart(6, '0'),
          },
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('covers every province, both sexes and every year exhaustively', () => {
    for (const provinceCode of PROVINCE_CODES) {
      for (const sex of ['male', 'female'] as const) {
        for (let birthYear = ID_NUMBER_MIN_YEAR; birthYear <= ID_NUMBER_MAX_YEAR; birthYear++) {
          const result = validateIdNumber(encodeIdNumber({ provinceCode, sex, birthYear, serial: 7 }));
          if (!result.valid || result.parts.birthYear !== birthYear || result.parts.sex !== sex || result.parts.provinceCode !== provinceCode) {
            throw new Error(`round trip failed for ${provinceCode} ${sex} ${birthYear}`);
          }
        }
      }
    }
  });

  it('property: encode(validate(number).parts) gives the number back', () => {
    const validNumber = fc.tuple(provinceArb, digitsArb(9)).map(([p, rest]) => p + rest);
    fc.assert(
      fc.property(validNumber, (n) => {
        const result = validateIdNumber(n);
        return result.valid && encodeIdNumber(result.parts) === n;
      }),
    );
  });

  it('refuses facts no number can encode', () => {
    const ok = { provinceCode: '001', sex: 'male' as const, birthYear: 1990, serial: 1 };
    expect(() => encodeIdNumber({ ...ok, provinceCode: '003' })).toThrow('unknown province code 003');
    expect(() => encodeIdNumber({ ...ok, birthYear: 1799 })).toThrow(RangeError);
    expect(() => encodeIdNumber({ ...ok, birthYear: 2300 })).toThrow(RangeError);
    expect(() => encodeIdNumber({ ...ok, birthYear: 1990.5 })).toThrow(RangeError);
    expect(() => encodeIdNumber({ ...ok, serial: 1_000_000 })).toThrow(RangeError);
    expect(() => encodeIdNumber({ ...ok, serial: -1 })).toThrow(RangeError);
    expect(() => encodeIdNumber({ ...ok, serial: '12345' })).toThrow(RangeError);
    expect(() => encodeIdNumber({ ...ok, sex: 'other' as Sex })).toThrow(RangeError);
    expect(encodeIdNumber({ ...ok, serial: '000042' })).toBe('001090000042');
  });
});

describe('checkIdNumberAgainstRecord', () => {
  const consistent = factsArb.chain((facts) =>
    dateInYear(facts.birthYear).map((dateOfBirth) => ({ facts, idNumber: encodeIdNumber(facts), dateOfBirth })),
  );
  const codes = (errors: { code: string }[]) => errors.map((e) => e.code);

  it('property: a number encoded from the record contradicts nothing', () => {
    fc.assert(
      fc.property(consistent, ({ facts, idNumber, dateOfBirth }) => {
        expect(
          checkIdNumberAgainstRecord(idNumber, { dateOfBirth, sex: facts.sex, placeOfBirthProvinceCode: facts.provinceCode }),
        ).toEqual([]);
      }),
    );
  });

  it('property: the other sex is a sex contradiction, and only that', () => {
    fc.assert(
      fc.property(consistent, ({ facts, idNumber, dateOfBirth }) => {
        const sex: Sex = facts.sex === 'male' ? 'female' : 'male';
        expect(codes(checkIdNumberAgainstRecord(idNumber, { dateOfBirth, sex }))).toEqual(['sex_mismatch']);
      }),
    );
  });

  it('property: another birth year is a century or year contradiction', () => {
    const shifted = consistent.chain((c) =>
      fc
        .integer({ min: 1, max: 400 })
        .filter((k) => c.facts.birthYear + k <= 9999)
        .chain((k) => dateInYear(c.facts.birthYear + k).map((dateOfBirth) => ({ ...c, dateOfBirth, k }))),
    );
    fc.assert(
      fc.property(shifted, ({ facts, idNumber, dateOfBirth, k }) => {
        const expected = Math.floor(facts.birthYear / 100) === Math.floor((facts.birthYear + k) / 100) ? 'year_mismatch' : 'century_mismatch';
        expect(codes(checkIdNumberAgainstRecord(idNumber, { dateOfBirth, sex: facts.sex }))).toEqual([expected]);
      }),
    );
  });

  it('property: another province of birth is a province contradiction', () => {
    const other = consistent.chain((c) =>
      provinceArb.filter((p) => p !== c.facts.provinceCode).map((placeOfBirthProvinceCode) => ({ ...c, placeOfBirthProvinceCode })),
    );
    fc.assert(
      fc.property(other, ({ facts, idNumber, dateOfBirth, placeOfBirthProvinceCode }) => {
        expect(codes(checkIdNumberAgainstRecord(idNumber, { dateOfBirth, sex: facts.sex, placeOfBirthProvinceCode }))).toEqual([
          'province_mismatch',
        ]);
      }),
    );
  });

  it('same last two digits in another century is a century contradiction', () => {
    // 1990 and 2090 share digits 5-6; only digit 4 tells them apart.
    expect(codes(checkIdNumberAgainstRecord('001090000001', { dateOfBirth: '2090-01-01', sex: 'male' }))).toEqual([
      'century_mismatch',
    ]);
    expect(codes(checkIdNumberAgainstRecord('001090000001', { dateOfBirth: '1700-01-01', sex: 'male' }))).toEqual([
      'century_mismatch',
    ]);
  });

  it('reports a malformed number or date of birth instead of guessing', () => {
    expect(codes(checkIdNumberAgainstRecord('12345', { dateOfBirth: '1990-01-01', sex: 'male' }))).toEqual(['wrong_length']);
    expect(codes(checkIdNumberAgainstRecord('001090000001', { dateOfBirth: '1990-02-30', sex: 'male' }))).toEqual([
      'invalid_date_of_birth',
    ]);
    expect(codes(checkIdNumberAgainstRecord('001090000001', { dateOfBirth: '1990-1-1', sex: 'female' }))).toEqual([
      'invalid_date_of_birth',
      'sex_mismatch',
    ]);
  });

  it('never repeats the number in a message', () => {
    const errors = checkIdNumberAgainstRecord('001090000001', { dateOfBirth: '1991-01-01', sex: 'female', placeOfBirthProvinceCode: '079' });
    expect(codes(errors)).toEqual(['year_mismatch', 'sex_mismatch', 'province_mismatch']);
    for (const e of errors) expect(e.message).not.toMatch(/\d{6,}/);
  });
});
