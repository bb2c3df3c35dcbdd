import { PROVINCE_CODES, ProvinceCode, Sex } from '@consentry/population-domain';
import { PROVINCE_DEMOGRAPHY } from './province-demography.constant';

/**
 * Unique ID numbers without shared state. The 2^28 slots are divided between every
 * (province, sex, birth year) in proportion to how many such people there are, and a slot's
 * offset inside its share is the ID serial. A keyed permutation gives each record index its
 * own slot, so any index can be generated alone and no two indices can share a number, while
 * the first n indices still land in the shares in realistic proportions.
 */

export const SLOT_BITS = 28;
/** Records one seed can produce: 268,435,456, above Viet Nam's population. */
export const MAX_SYNTHETIC_CITIZENS = 2 ** SLOT_BITS;
export const FIRST_BIRTH_YEAR = 1930;
export const LAST_BIRTH_YEAR = 2008;
const YEARS = LAST_BIRTH_YEAR - FIRST_BIRTH_YEAR + 1;
const SERIALS_PER_SHARE = 1_000_000;

/** People alive in 2025 by year of birth, relative; between anchors the weight is linear. */
const YEAR_WEIGHT_ANCHORS: [number, number][] = [
  [1930, 0.05], [1935, 0.12], [1940, 0.25], [1945, 0.38], [1950, 0.5], [1955, 0.65], [1960, 0.8], [1965, 0.88],
  [1970, 0.95], [1975, 1.0], [1980, 1.05], [1985, 1.1], [1990, 1.12], [1995, 1.0], [2000, 0.95], [2005, 0.98],
  [2008, 1.02],
];

function yearWeight(year: number): number {
  for (let i = 1; i < YEAR_WEIGHT_ANCHORS.length; i++) {
    const [y1, w1] = YEAR_WEIGHT_ANCHORS[i];
    if (year <= y1) {
      const [y0, w0] = YEAR_WEIGHT_ANCHORS[i - 1];
      return w0 + ((w1 - w0) * (year - y0)) / (y1 - y0);
    }
  }
  return YEAR_WEIGHT_ANCHORS[YEAR_WEIGHT_ANCHORS.length - 1][1];
}

/** Women outlive men; births since 2000 lean male (sex ratio at birth about 1.1). */
function maleShare(year: number): number {
  if (year < 1945) return 0.4;
  if (year < 1955) return 0.45;
  if (year < 1975) return 0.49;
  if (year < 2000) return 0.505;
  return 0.52;
}

export interface BirthSlot {
  provinceCode: ProvinceCode;
  sex: Sex;
  birthYear: number;
  serial: number;
}

export class BirthSlots {
  /** starts[i] is the first slot of share i; shares run province, then sex, then year. */
  private readonly starts: Float64Array;

  private constructor(starts: Float64Array) {
    this.starts = starts;
  }

  static build(): BirthSlots {
    const count = PROVINCE_CODES.length * 2 * YEARS;
    const weights = new Float64Array(count);
    let total = 0;
    for (let i = 0; i < count; i++) {
      const { provinceCode, sex, birthYear } = BirthSlots.share(i);
      const male = maleShare(birthYear);
      weights[i] = PROVINCE_DEMOGRAPHY[provinceCode].population * yearWeight(birthYear) * (sex === 'male' ? male : 1 - male);
      total += weights[i];
    }
    // Largest-remainder rounding, so the shares add up to exactly every slot.
    const sizes = new Float64Array(count);
    const remainders: [number, number][] = [];
    let allocated = 0;
    for (let i = 0; i < count; i++) {
      const quota = (weights[i] / total) * MAX_SYNTHETIC_CITIZENS;
      sizes[i] = Math.floor(quota);
      allocated += sizes[i];
      remainders.push([quota - sizes[i], i]);
    }
    remainders.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (let k = 0; k < MAX_SYNTHETIC_CITIZENS - allocated; k++) sizes[remainders[k][1]] += 1;

    const starts = new Float64Array(count + 1);
    for (let i = 0; i < count; i++) {
      if (sizes[i] > SERIALS_PER_SHARE) throw new Error('a birth share outgrew the 6-digit serial; lower SLOT_BITS');
      starts[i + 1] = starts[i] + sizes[i];
    }
    return new BirthSlots(starts);
  }

  private static share(i: number): Omit<BirthSlot, 'serial'> {
    return {
      provinceCode: PROVINCE_CODES[Math.floor(i / (2 * YEARS))],
      sex: Math.floor(i / YEARS) % 2 === 0 ? 'male' : 'female',
      birthYear: FIRST_BIRTH_YEAR + (i % YEARS),
    };
  }

  /** Number of slots (and so of possible serials) of the share a slot belongs to. */
  shareSize(slot: number): number {
    const i = this.shareIndex(slot);
    return this.starts[i + 1] - this.starts[i];
  }

  at(slot: number): BirthSlot {
    const i = this.shareIndex(slot);
    return { ...BirthSlots.share(i), serial: slot - this.starts[i] };
  }

  /** The last share starting at or before the slot (empty shares start where the next does). */
  private shareIndex(slot: number): number {
    let lo = 0;
    let hi = this.starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= slot) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

let shared: BirthSlots | undefined;

/** Built once (about 10,000 shares) on first use. */
export function birthSlots(): BirthSlots {
  return (shared ??= BirthSlots.build());
}
