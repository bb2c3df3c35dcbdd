import { mix32, words } from './prng.util';

/**
 * A keyed bijection on [0, 2^bits) for even `bits` up to 30: a balanced Feistel network
 * with six rounds. It lets index i own slot permute(i) with no two indices sharing a slot,
 * without storing anything: the ground on which ID numbers stay unique.
 */
export class FeistelPermutation {
  private readonly half: number;
  private readonly mask: number;
  private readonly keys: number[];

  constructor(
    readonly bits: number,
    seed: number,
  ) {
    if (!Number.isInteger(bits) || bits < 2 || bits > 30 || bits % 2 !== 0) {
      throw new RangeError('bits must be an even integer from 2 to 30');
    }
    this.half = bits / 2;
    this.mask = (1 << this.half) - 1;
    const [lo, hi] = words(seed);
    this.keys = Array.from({ length: 6 }, (_, round) => mix32(mix32(lo + round * 0x9e3779b9) ^ hi ^ (round << 24)));
  }

  get size(): number {
    return 2 ** this.bits;
  }

  apply(value: number): number {
    let left = value >>> this.half;
    let right = value & this.mask;
    for (const key of this.keys) {
      const next = left ^ (mix32(right ^ key) & this.mask);
      left = right;
      right = next;
    }
    return ((left << this.half) | right) >>> 0;
  }
}
