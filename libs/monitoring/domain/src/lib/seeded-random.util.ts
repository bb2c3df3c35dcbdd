/** Deterministic PRNG (mulberry32): the same seed always gives the same traffic, so tests are repeatable. */
export interface SeededRandom {
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  poisson(mean: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return {
    next,
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    poisson: (mean) => {
      if (mean <= 0) return 0;
      // Knuth's product method is exact but O(mean); past 30 the normal approximation is close enough.
      if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss()));
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k += 1;
        p *= next();
      }
      return k;
    },
  };
}
