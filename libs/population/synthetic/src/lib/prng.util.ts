/** murmur3's finaliser: a cheap 32-bit mix where every input bit flips about half the output. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Splits a non-negative safe integer into its low and high 32-bit words. */
export function words(value: number): [number, number] {
  return [value >>> 0, Math.floor(value / 0x1_0000_0000) >>> 0];
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, passes
 * PractRand, and needs only 32-bit integer arithmetic, which JavaScript does fast.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
    // The first outputs of a fresh sfc32 still resemble its seed; discard them.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** An independent stream for each (seed, index), so any record can be made on its own. */
  static forRecord(seed: number, index: number): Random {
    const [seedLo, seedHi] = words(seed);
    const [indexLo, indexHi] = words(index);
    return new Random(
      mix32(seedLo ^ 0x9e3779b9),
      mix32(seedHi ^ mix32(indexHi ^ 0x85ebca6b)),
      mix32(indexLo ^ mix32(seedLo + 0x27d4eb2f)),
      indexLo ^ 0x165667b1,
    );
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)];
  }

  /** `length` decimal digits, leading zeros allowed. */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(this.int(10));
    return out;
  }
}

/** Values with relative weights, drawn by binary search over the running totals. */
export class WeightedTable<T> {
  private readonly values: T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    const kept = entries.filter(([, weight]) => weight > 0);
    if (kept.length === 0) throw new RangeError('a weighted table needs a positive weight');
    this.values = kept.map(([value]) => value);
    this.cumulative = new Float64Array(kept.length);
    let sum = 0;
    kept.forEach(([, weight], i) => (this.cumulative[i] = sum += weight));
    this.total = sum;
  }

  pick(random: Random): T {
    const target = random.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }
}

export const weighted = <T>(entries: readonly (readonly [T, number])[]) => new WeightedTable(entries);
