import fc from 'fast-check';
import {
  CitizenRecord,
  FIELD_CATALOGUE,
  checkIdNumberAgainstRecord,
  isIsoDate,
  provinceCodeOfPlace,
} from '@consentry/population-domain';
import { MAX_SYNTHETIC_CITIZENS } from './birth-slots.util';
import { SYNTHETIC_REFERENCE_YEAR, generateCitizen, generateCitizens } from './generate-citizen.util';

const SEED = 42;

function sample(count: number, seed = SEED): CitizenRecord[] {
  const out: CitizenRecord[] = [];
  for (const batch of generateCitizens({ seed, count, batchSize: 1000 })) out.push(...batch);
  return out;
}

describe('generateCitizen', () => {
  const records = sample(20_000);

  it('is deterministic and random-access: same seed and index, same record, in any order', () => {
    const forwards = [0, 1, 2, 999, 123_456, MAX_SYNTHETIC_CITIZENS - 1].map((i) => generateCitizen(SEED, i));
    generateCitizen(7, 5); // another seed in between must not disturb anything
    const backwards = [MAX_SYNTHETIC_CITIZENS - 1, 123_456, 999, 2, 1, 0].map((i) => generateCitizen(SEED, i)).reverse();
    expect(backwards).toEqual(forwards);
    expect(records[999]).toEqual(forwards[3]);
  });

  it('gives another population for another seed', () => {
    const other = sample(100, 43);
    const same = other.filter((r, i) => r.idNumber === records[i].idNumber || r.fullName === records[i].fullName);
    expect(same.length).toBeLessThan(10);
  });

  it('fills every catalogue field and nothing else', () => {
    const codes = FIELD_CATALOGUE.map((f) => f.code).sort();
    for (const record of records.slice(0, 100)) expect(Object.keys(record).sort()).toEqual(codes);
  });

  it('makes ID numbers that validate and agree with sex, birth date and place of birth', () => {
    for (const record of records) {
      const placeOfBirthProvinceCode = provinceCodeOfPlace(record.placeOfBirth) ?? 'none';
      const problems = checkIdNumberAgainstRecord(record.idNumber, { ...record, placeOfBirthProvinceCode });
      if (problems.length > 0) throw new Error(`record ${records.indexOf(record)}: ${problems.map((p) => p.code).join(', ')}`);
    }
  });

  it('property: any index up to the capacity gives a consistent record', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), fc.integer({ min: 0, max: MAX_SYNTHETIC_CITIZENS - 1 }), (seed, index) => {
        const record = generateCitizen(seed, index);
        const placeOfBirthProvinceCode = provinceCodeOfPlace(record.placeOfBirth) ?? 'none';
        expect(checkIdNumberAgainstRecord(record.idNumber, { ...record, placeOfBirthProvinceCode })).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never gives two records of one seed the same ID number (200,000 records)', () => {
    const seen = new Set<string>();
    for (const batch of generateCitizens({ seed: SEED, count: 200_000, batchSize: 10_000 })) {
      for (const record of batch) seen.add(record.idNumber);
    }
    expect(seen.size).toBe(200_000);
  });

  it('property: distinct indices anywhere in the range have distinct ID numbers', () => {
    const index = fc.integer({ min: 0, max: MAX_SYNTHETIC_CITIZENS - 1 });
    fc.assert(
      fc.property(fc.nat({ max: 1000 }), index, index, (seed, a, b) => {
        fc.pre(a !== b);
        return generateCitizen(seed, a).idNumber !== generateCitizen(seed, b).idNumber;
      }),
      { numRuns: 2000 },
    );
  });

  it('writes Vietnamese with its diacritics, in NFC', () => {
    const withDiacritics = records.filter((r) => /[^\x20-\x7e]/.test(r.fullName));
    expect(withDiacritics.length / records.length).toBeGreaterThan(0.9);
    expect(records.some((r) => r.fullName.startsWith('Nguyễn '))).toBe(true);
    const notNfc = records.flatMap((r) => Object.values(r).filter((v) => typeof v === 'string' && v !== v.normalize('NFC')));
    expect(notNfc).toEqual([]);
  });

  it('keeps the shape of every field', () => {
    // Plain checks collected per record: 20,000 records x 20 `expect`s would take seconds.
    const problems = (r: CitizenRecord): string[] => {
      const age = SYNTHETIC_REFERENCE_YEAR - Number(r.dateOfBirth.slice(0, 4));
      const checks: [string, boolean][] = [
        ['dateOfBirth', isIsoDate(r.dateOfBirth) && age >= 17 && age <= 95],
        ['fullName', r.fullName.split(' ').length >= 2],
        ['nationality', r.nationality === 'Việt Nam'],
        ['residences', [r.permanentResidence, r.currentResidence, r.hometown].every((p) => provinceCodeOfPlace(p) !== null)],
        ['spouse', (r.spouseName !== null) === (r.maritalStatus === 'married')],
        ['taxNumber', r.taxNumber === null || r.taxNumber === r.idNumber],
        ['socialInsurance', r.socialInsuranceNumber === null || /^\d{10}$/.test(r.socialInsuranceNumber)],
        [
          'healthInsurance',
          r.socialInsuranceNumber === null
            ? r.healthInsuranceNumber === null
            : /^[A-Z]{2}[1-5]\d{2}\d{10}$/.test(r.healthInsuranceNumber ?? '') &&
              r.healthInsuranceNumber!.endsWith(r.socialInsuranceNumber),
        ],
        ['drivingLicence', r.drivingLicenceNumber === null || /^\d{12}$/.test(r.drivingLicenceNumber)],
        ['minor', age >= 18 || (r.taxNumber === null && r.drivingLicenceNumber === null && r.maritalStatus === 'single')],
        ['eidLevel', r.eidLevel === null || r.eidLevel === 1 || r.eidLevel === 2],
      ];
      return checks.filter(([, ok]) => !ok).map(([field]) => field);
    };
    const bad = records.map((r, i) => [i, problems(r)] as const).filter(([, p]) => p.length > 0);
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('has realistic proportions', () => {
    const share = (test: (r: CitizenRecord) => boolean) => records.filter(test).length / records.length;
    expect(share((r) => r.fullName.startsWith('Nguyễn '))).toBeGreaterThan(0.28);
    expect(share((r) => r.fullName.startsWith('Nguyễn '))).toBeLessThan(0.4);
    expect(share((r) => r.ethnicity === 'Kinh')).toBeGreaterThan(0.8);
    expect(share((r) => r.ethnicity === 'Kinh')).toBeLessThan(0.9);
    expect(share((r) => r.religion === 'Không')).toBeGreaterThan(0.78);
    expect(share((r) => r.sex === 'female')).toBeGreaterThan(0.47);
    expect(share((r) => r.sex === 'female')).toBeLessThan(0.54);
    expect(share((r) => r.idNumber.startsWith('079'))).toBeGreaterThan(0.07); // Hồ Chí Minh City, about 9%
    expect(share((r) => r.idNumber.startsWith('079'))).toBeLessThan(0.12);
    expect(share((r) => r.eidLevel === 2)).toBeGreaterThan(0.6);
    const male = records.filter((r) => r.sex === 'male');
    expect(male.filter((r) => r.fullName.split(' ')[1] === 'Văn').length / male.length).toBeGreaterThan(0.2);
  });

  it('refuses seeds and indices it cannot honour', () => {
    expect(() => generateCitizen(-1, 0)).toThrow(RangeError);
    expect(() => generateCitizen(1.5, 0)).toThrow(RangeError);
    expect(() => generateCitizen(1, MAX_SYNTHETIC_CITIZENS)).toThrow(RangeError);
    expect(() => generateCitizen(1, -1)).toThrow(RangeError);
    expect(() => generateCitizens({ seed: 1, count: 10, batchSize: 0 })).toThrow(RangeError);
    expect(() => generateCitizens({ seed: 1, count: MAX_SYNTHETIC_CITIZENS + 1, batchSize: 10 })).toThrow(RangeError);
  });
});

describe('generateCitizens', () => {
  it('streams the records of generateCitizen in batches of at most batchSize', () => {
    const batches = [...generateCitizens({ seed: 9, count: 25, batchSize: 10, offset: 100 })];
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(Array.from({ length: 25 }, (_, i) => generateCitizen(9, 100 + i)));
    expect([...generateCitizens({ seed: 9, count: 0, batchSize: 10 })]).toEqual([]);
  });

  it('generates lazily, one batch at a time', () => {
    const iterator = generateCitizens({ seed: 9, count: MAX_SYNTHETIC_CITIZENS, batchSize: 3 })[Symbol.iterator]();
    expect(iterator.next().value).toHaveLength(3);
  });
});
