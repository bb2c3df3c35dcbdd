import { median, percentile } from './stats.util';

describe('bench statistics', () => {
  it('takes the nearest-rank percentile of sorted values', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 99)).toBe(10);
    expect(percentile(sorted, 1)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it('takes the median of unsorted values: the middle one, or the mean of the two middle ones', () => {
    expect(median([30.4, 26.9, 30.2])).toBe(30.2);
    expect(median([2462, 2753])).toBe(2607.5);
    expect(median([7])).toBe(7);
    const rounds = [3, 1, 2];
    median(rounds);
    expect(rounds).toEqual([3, 1, 2]);
  });
});
