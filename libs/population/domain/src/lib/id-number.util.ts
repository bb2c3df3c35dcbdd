import { vietnamYear } from '@consentry/shared-vietnam-time';
import { Sex } from './citizen-record.types';
import { isIsoDate } from './iso-date.util';
import { PROVINCES, ProvinceCode, isProvinceCode } from './provinces.constant';

/**
 * The citizen ID number: digits 1-3 province of birth registration, digit 4 sex and century,
 * digits 5-6 the last two digits of the birth year, digits 7-12 a serial.
 *
 * Error messages never repeat the number: they end up in API responses and logs, and an ID
 * number is personal data.
 */

export const ID_NUMBER_LENGTH = 12;
export const ID_NUMBER_MIN_YEAR = 1800;
export const ID_NUMBER_MAX_YEAR = 2299;
export const ID_NUMBER_MAX_SERIAL = 999_999;

export interface IdNumberParts {
  provinceCode: ProvinceCode;
  provinceName: string;
  sex: Sex;
  birthYear: number;
  /** Six digits, leading zeros kept. */
  serial: string;
}

export type IdNumberErrorCode =
  | 'not_a_string'
  | 'wrong_length'
  | 'not_digits'
  | 'unknown_province'
  | 'birth_year_in_future'
  | 'invalid_date_of_birth'
  | 'century_mismatch'
  | 'year_mismatch'
  | 'sex_mismatch'
  | 'province_mismatch';

export interface IdNumberError {
  code: IdNumberErrorCode;
  message: string;
}

export type IdNumberValidation = { valid: true; parts: IdNumberParts } | { valid: false; errors: IdNumberError[] };

export interface IdNumberValidationOptions {
  /** When given, a birth year after it is an error. Passed in: domain code does not read the clock. */
  currentYear?: number;
}

/**
 * The `currentYear` to check ID numbers against at the instant `now`: the calendar year in
 * Asia/Ho_Chi_Minh, where the numbers are issued. From 17:00 UTC on 31 December it is already
 * the next year there, and a child born that night gets a number of that year.
 */
export function idNumberCurrentYear(now: Date): number {
  return vietnamYear(now);
}

/** Digit 4 is 2 x (century index) + (0 male | 1 female); index 4 wraps round to the 1800s. */
const CENTURY_START_BY_INDEX = [1900, 2000, 2100, 2200, 1800] as const;

const TWELVE_ASCII_DIGITS = /^[0-9]{12}$/;
const ASCII_DIGITS = /^[0-9]*$/;

/** -1 for a year outside 1800-2299, which no ID number can encode. */
function centuryIndex(year: number): number {
  return (CENTURY_START_BY_INDEX as readonly number[]).indexOf(Math.floor(year / 100) * 100);
}

export function validateIdNumber(value: unknown, options: IdNumberValidationOptions = {}): IdNumberValidation {
  if (typeof value !== 'string') {
    return { valid: false, errors: [{ code: 'not_a_string', message: 'must be a string of 12 digits' }] };
  }
  if (!TWELVE_ASCII_DIGITS.test(value)) {
    const errors: IdNumberError[] = [];
    const length = [...value].length;
    if (length !== ID_NUMBER_LENGTH) {
      errors.push({ code: 'wrong_length', message: `must be 12 digits, got ${length} characters` });
    }
    if (!ASCII_DIGITS.test(value)) {
      errors.push({ code: 'not_digits', message: 'must contain only the digits 0-9' });
    }
    return { valid: false, errors };
  }

  const provinceCode = value.slice(0, 3);
  if (!isProvinceCode(provinceCode)) {
    return { valid: false, errors: [{ code: 'unknown_province', message: `unknown province code ${provinceCode}` }] };
  }
  const sexCentury = Number(value[3]);
  const birthYear = CENTURY_START_BY_INDEX[Math.floor(sexCentury / 2)] + Number(value.slice(4, 6));
  if (options.currentYear !== undefined && birthYear > options.currentYear) {
    return {
      valid: false,
      errors: [{ code: 'birth_year_in_future', message: 'birth year (digits 4-6) is after the current year' }],
    };
  }
  return {
    valid: true,
    parts: {
      provinceCode,
      provinceName: PROVINCES[provinceCode],
      sex: sexCentury % 2 === 0 ? 'male' : 'female',
      birthYear,
      serial: value.slice(6),
    },
  };
}

export interface IdNumberFacts {
  provinceCode: string;
  sex: Sex;
  birthYear: number;
  /** 0-999999, or six digits as a string. */
  serial: number | string;
}

/** The ID number of the given facts; throws RangeError on facts no number can encode. */
export function encodeIdNumber(facts: IdNumberFacts): string {
  const { provinceCode, sex, birthYear, serial } = facts;
  if (!isProvinceCode(provinceCode)) throw new RangeError(`unknown province code ${String(provinceCode).slice(0, 3)}`);
  if (sex !== 'male' && sex !== 'female') throw new RangeError("sex must be 'male' or 'female'");
  if (!Number.isInteger(birthYear) || birthYear < ID_NUMBER_MIN_YEAR || birthYear > ID_NUMBER_MAX_YEAR) {
    throw new RangeError(`birth year must be an integer from ${ID_NUMBER_MIN_YEAR} to ${ID_NUMBER_MAX_YEAR}`);
  }
  let serialDigits: string;
  if (typeof serial === 'number') {
    if (!Number.isInteger(serial) || serial < 0 || serial > ID_NUMBER_MAX_SERIAL) {
      throw new RangeError(`serial must be an integer from 0 to ${ID_NUMBER_MAX_SERIAL}`);
    }
    serialDigits = String(serial).padStart(6, '0');
  } else {
    if (!/^[0-9]{6}$/.test(serial)) throw new RangeError('serial must be 6 digits');
    serialDigits = serial;
  }
  const sexCentury = centuryIndex(birthYear) * 2 + (sex === 'female' ? 1 : 0);
  return provinceCode + String(sexCentury) + String(birthYear % 100).padStart(2, '0') + serialDigits;
}

export interface IdNumberRecordFacts {
  /** 'YYYY-MM-DD' */
  dateOfBirth: string;
  sex: Sex;
  placeOfBirthProvinceCode?: string;
}

/**
 * What an ID number contradicts in the record it comes with (empty when consistent). A
 * contradiction makes the request malformed input, never a lookup: the number cannot be right.
 */
export function checkIdNumberAgainstRecord(idNumber: unknown, record: IdNumberRecordFacts): IdNumberError[] {
  const validation = validateIdNumber(idNumber);
  if (!validation.valid) return validation.errors;
  const { parts } = validation;
  const errors: IdNumberError[] = [];

  if (!isIsoDate(record.dateOfBirth)) {
    errors.push({ code: 'invalid_date_of_birth', message: 'date of birth must be a date written YYYY-MM-DD' });
  } else {
    const recordYear = Number(record.dateOfBirth.slice(0, 4));
    if (centuryIndex(recordYear) !== centuryIndex(parts.birthYear)) {
      errors.push({ code: 'century_mismatch', message: 'century digit (digit 4) contradicts the date of birth' });
    } else if (recordYear !== parts.birthYear) {
      errors.push({ code: 'year_mismatch', message: 'birth-year digits (5-6) contradict the date of birth' });
    }
  }
  if (record.sex !== parts.sex) {
    errors.push({ code: 'sex_mismatch', message: 'sex digit (digit 4) contradicts the recorded sex' });
  }
  if (record.placeOfBirthProvinceCode !== undefined && record.placeOfBirthProvinceCode !== parts.provinceCode) {
    errors.push({ code: 'province_mismatch', message: 'province code (digits 1-3) contradicts the place of birth' });
  }
  return errors;
}
