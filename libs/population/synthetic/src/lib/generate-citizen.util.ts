import {
  BloodGroup,
  CitizenRecord,
  EidLevel,
  MaritalStatus,
  ProvinceCode,
  Sex,
  daysInMonth,
  encodeIdNumber,
  isLeapYear,
} from '@consentry/population-domain';
import { MAX_SYNTHETIC_CITIZENS, SLOT_BITS, birthSlots } from './birth-slots.util';
import { communeAddress, residenceAddress } from './address.util';
import { familyNames, givenNames } from './names.constant';
import { FeistelPermutation } from './permutation.util';
import { Random, weighted } from './prng.util';
import {
  ETHNIC_PROFILES,
  MIGRATION_DESTINATIONS,
  PROVINCE_DEMOGRAPHY,
  PROVINCES_BY_POPULATION,
  regionOf,
} from './province-demography.constant';
import { religions } from './religion.constant';

/** Ages, marriages and account levels are as of this year; nothing reads the clock. */
export const SYNTHETIC_REFERENCE_YEAR = 2025;

// Blood groups in Viet Nam: about 42% O, 31% B, 21% A, 6% AB; Rh-negative about 0.1%.
const BLOOD_GROUPS = weighted<BloodGroup>([
  ['O+', 4176], ['B+', 3057], ['A+', 2138], ['AB+', 609], ['O-', 8], ['B-', 6], ['A-', 4], ['AB-', 2],
]);

const OTHER_SEX: Record<Sex, Sex> = { male: 'female', female: 'male' };

function maritalStatus(random: Random, sex: Sex, age: number): MaritalStatus {
  // Legal marriage age: 20 for men, 18 for women.
  if (age < (sex === 'male' ? 20 : 18)) return 'single';
  const [married, divorced, widowed] =
    age < 25 ? [sex === 'male' ? 0.15 : 0.35, 0.01, 0]
    : age < 30 ? [0.62, 0.03, 0.002]
    : age < 40 ? [0.82, 0.06, 0.02]
    : age < 60 ? [0.84, 0.06, 0.06]
    : age < 75 ? [0.72, 0.04, sex === 'female' ? 0.26 : 0.12]
    : [sex === 'female' ? 0.3 : 0.6, 0.02, sex === 'female' ? 0.66 : 0.36];
  const roll = random.next();
  if (roll < married) return 'married';
  if (roll < married + divorced) return 'divorced';
  if (roll < married + divorced + widowed) return 'widowed';
  return 'single';
}

function dateInYear(random: Random, year: number): string {
  let day = random.int(isLeapYear(year) ? 366 : 365);
  let month = 1;
  while (day >= daysInMonth(year, month)) day -= daysInMonth(year, month++);
  return `${year}-${String(month).padStart(2, '0')}-${String(day + 1).padStart(2, '0')}`;
}

function eidLevel(random: Random, age: number): EidLevel | null {
  const [level2, level1] = age >= 75 ? [0.4, 0.05] : [0.78, 0.06];
  const roll = random.next();
  return roll < level2 ? 2 : roll < level2 + level1 ? 1 : null;
}

const HEALTH_CARD_GROUPS = weighted([['GD', 45], ['DN', 32], ['HC', 6], ['HN', 5], ['CN', 5], ['XK', 2]]);

/**
 * Legacy health-insurance card code (15 characters): beneficiary group, benefit level, the
 * two-digit province, then the 10-digit social insurance number it is linked to.
 */
function healthCardNumber(random: Random, age: number, minority: boolean, provinceCode: ProvinceCode, social: string): string {
  const group =
    age < 18 ? 'HS'
    : age < 23 && random.chance(0.4) ? 'SV'
    : age >= 60 && random.chance(0.45) ? 'HT'
    : minority && random.chance(0.5) ? 'DT'
    : HEALTH_CARD_GROUPS.pick(random);
  const benefit = group === 'HT' ? 3 : group === 'CN' || group === 'DT' ? 2 : 4;
  return `${group}${benefit}${provinceCode.slice(1)}${social}`;
}

function drivingLicenceNumber(random: Random, sex: Sex, age: number, birthYear: number, provinceCode: ProvinceCode): string | null {
  if (age < 18 || age > 80) return null;
  const share = sex === 'male' ? (age <= 65 ? 0.6 : 0.3) : age <= 65 ? 0.4 : 0.1;
  if (!random.chance(share)) return null;
  const issued = random.between(Math.max(birthYear + 18, 1995), SYNTHETIC_REFERENCE_YEAR);
  return `${provinceCode.slice(1)}${String(issued % 100).padStart(2, '0')}${random.digits(8)}`;
}

const permutations = new Map<number, FeistelPermutation>();

function permutationFor(seed: number): FeistelPermutation {
  let permutation = permutations.get(seed);
  if (!permutation) {
    if (permutations.size >= 16) permutations.clear();
    permutation = new FeistelPermutation(SLOT_BITS, seed);
    permutations.set(seed, permutation);
  }
  return permutation;
}

function assertSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError('seed must be a non-negative safe integer');
}

/**
 * Citizen number `index` of the population grown from `seed`. Pure and random-access: the
 * same arguments always give the same record, in any order, on any machine, so batches can be
 * generated independently. ID numbers are unique across all indices of one seed.
 */
export function generateCitizen(seed: number, index: number): CitizenRecord {
  assertSeed(seed);
  if (!Number.isInteger(index) || index < 0 || index >= MAX_SYNTHETIC_CITIZENS) {
    throw new RangeError(`index must be an integer from 0 to ${MAX_SYNTHETIC_CITIZENS - 1}`);
  }
  const { provinceCode, sex, birthYear, serial } = birthSlots().at(permutationFor(seed).apply(index));
  const random = Random.forRecord(seed, index);
  const age = SYNTHETIC_REFERENCE_YEAR - birthYear;
  const region = regionOf(provinceCode);
  const idNumber = encodeIdNumber({ provinceCode, sex, birthYear, serial });

  const ethnicity = ETHNIC_PROFILES[PROVINCE_DEMOGRAPHY[provinceCode].profile].pick(random);
  const families = familyNames(ethnicity, region);
  // A child takes the father's family name; the mother keeps her own.
  const fatherKnown = !random.chance(0.015);
  const fatherFamily = families.pick(random);
  const motherFamily = families.pick(random);
  const family = fatherKnown ? fatherFamily : motherFamily;
  const fatherName = fatherKnown
    ? `${fatherFamily} ${givenNames(random, ethnicity, 'male', birthYear - random.between(22, 38), fatherFamily)}`
    : null;
  const motherName = `${motherFamily} ${givenNames(random, ethnicity, 'female', birthYear - random.between(19, 35), motherFamily)}`;
  const fullName = `${family} ${givenNames(random, ethnicity, sex, birthYear, family)}`;

  const marital = maritalStatus(random, sex, age);
  let spouseName: string | null = null;
  if (marital === 'married') {
    const spouseEthnicity = random.chance(0.9) ? ethnicity : 'Kinh';
    const spouseYear = birthYear + (sex === 'male' ? random.between(-1, 7) : -random.between(-1, 7));
    const spouseFamily = familyNames(spouseEthnicity, region).pick(random);
    spouseName = `${spouseFamily} ${givenNames(random, spouseEthnicity, OTHER_SEX[sex], spouseYear, spouseFamily)}`;
  }

  const placeOfBirth = communeAddress(random, provinceCode);
  const hometown = communeAddress(random, random.chance(0.8) ? provinceCode : PROVINCES_BY_POPULATION.pick(random));
  const permanentProvince = random.chance(age < 20 ? 0.92 : 0.75) ? provinceCode : MIGRATION_DESTINATIONS.pick(random);
  const permanentResidence = residenceAddress(random, permanentProvince);
  let currentProvince = permanentProvince;
  let currentResidence = permanentResidence;
  if (random.chance(0.12)) {
    currentProvince = random.chance(0.6) ? permanentProvince : MIGRATION_DESTINATIONS.pick(random);
    currentResidence = residenceAddress(random, currentProvince);
  }

  const religion = religions(provinceCode, ethnicity).pick(random);
  const bloodGroup = random.chance(0.15) ? null : BLOOD_GROUPS.pick(random);
  const insured = random.chance(0.93);
  const socialInsuranceNumber = insured ? `${provinceCode.slice(1)}${random.digits(8)}` : null;
  const healthInsuranceNumber = socialInsuranceNumber
    ? healthCardNumber(random, age, ethnicity !== 'Kinh', currentProvince, socialInsuranceNumber)
    : null;
  // Since 1 July 2025 an individual's tax number is their personal ID number (Circular 86/2024/TT-BTC).
  const taxNumber = age >= 18 && random.chance(0.62) ? idNumber : null;

  return {
    idNumber,
    fullName,
    dateOfBirth: dateInYear(random, birthYear),
    sex,
    placeOfBirth,
    hometown,
    ethnicity,
    religion,
    nationality: 'Việt Nam',
    permanentResidence,
    currentResidence,
    maritalStatus: marital,
    fatherName,
    motherName,
    spouseName,
    bloodGroup,
    healthInsuranceNumber,
    socialInsuranceNumber,
    taxNumber,
    drivingLicenceNumber: drivingLicenceNumber(random, sex, age, birthYear, currentProvince),
    eidLevel: eidLevel(random, age),
  };
}

export interface GenerateCitizensOptions {
  seed: number;
  count: number;
  batchSize: number;
  /** Index of the first record, to resume or to split a run; default 0. */
  offset?: number;
}

/**
 * Records offset .. offset+count-1 in batches of `batchSize`, made on demand: memory stays at
 * one batch whatever the count.
 */
export function generateCitizens(options: GenerateCitizensOptions): Iterable<CitizenRecord[]> {
  const { seed, count, batchSize, offset = 0 } = options;
  assertSeed(seed);
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
  if (!Number.isInteger(offset) || offset < 0 || offset + count > MAX_SYNTHETIC_CITIZENS) {
    throw new RangeError(`offset + count must not exceed ${MAX_SYNTHETIC_CITIZENS}`);
  }
  return (function* batches() {
    for (let start = offset; start < offset + count; start += batchSize) {
      const end = Math.min(start + batchSize, offset + count);
      const batch: CitizenRecord[] = new Array(end - start);
      for (let i = start; i < end; i++) batch[i - start] = generateCitizen(seed, i);
      yield batch;
    }
  })();
}
