import { Random, mix32, weighted } from './prng.util';
import { FeistelPermutation } from './permutation.util';
import { BirthSlots, MAX_SYNTHETIC_CITIZENS } from './birth-slots.util';
import { validateIdNumber, encodeIdNumber } from '@consentry/population-domain';

describe('Random', () => {
  it('repeats its sequence for the same (seed, index), and only then', () => {
    const draw = (seed: number, index: number) => Array.from({ length: 5 }, ((r) => () => r.nextUint32())(Random.forRecord(seed, index)));
    expect(draw(1, 2)).toEqual(draw(1, 2));
    expect(draw(1, 2)).not.toEqual(draw(1, 3));
    expect(draw(1, 2)).not.toEqual(draw(2, 2));
    expect(draw(2 ** 40, 2)).not.toEqual(draw(0, 2));
  });

  it('stays within its ranges and looks uniform', () => {
    const random = Random.forRecord(5, 5);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[random.int(10)]++;
    expect(counts.reduce((a, b) => a + b)).toBe(100_000); // nothing fell outside 0-9
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(random.digits(8)).toMatch(/^\d{8}$/);
  });

  it('draws weighted values in proportion and never a zero-weight one', () => {
    const table = weighted([['a', 3], ['b', 1], ['never', 0]]);
    const random = Random.forRecord(1, 1);
    const drawn = Array.from({ length: 40_000 }, () => table.pick(random));
    expect(drawn.includes('never')).toBe(false);
    expect(drawn.filter((v) => v === 'a').length / 40_000).toBeCloseTo(0.75, 1);
  });

  it('mixes every input bit', () => {
    expect(mix32(0)).toBe(0);
    expect(mix32(1)).not.toBe(mix32(2));
  });
});

describe('FeistelPermutation', () => {
  it('is a bijection (exhaustive on 2^16)', () => {
    for (const seed of [0, 42, 2 ** 40 + 3]) {
      const permutation = new FeistelPermutation(16, seed);
      const seen = new Set<number>();
      for (let i = 0; i < 2 ** 16; i++) seen.add(permutation.apply(i));
      expect(seen.size).toBe(2 ** 16);
      expect(Math.max(...seen)).toBe(2 ** 16 - 1);
    }
  });

  it('depends on the seed', () => {
    expect(new FeistelPermutation(28, 1).apply(0)).not.toBe(new FeistelPermutation(28, 2).apply(0));
    expect(() => new FeistelPermutation(15, 1)).toThrow(RangeError);
  });
});

describe('BirthSlots', () => {
  const slots = BirthSlots.build();

  it('turns every slot into an encodable birth and serial', () => {
    for (const slot of [0, 1, 12_345_678, MAX_SYNTHETIC_CITIZENS - 1]) {
      const birth = slots.at(slot);
      expect(birth.serial).toBeLessThan(slots.shareSize(slot));
      expect(validateIdNumber(encodeIdNumber(birth)).valid).toBe(true);
    }
  });

  it('gives consecutive slots consecutive serials inside a share', () => {
    const a = slots.at(5_000_000);
    const b = slots.at(5_000_001);
    if (b.serial !== 0) expect(b).toEqual({ ...a, serial: a.serial + 1 });
  });
});
