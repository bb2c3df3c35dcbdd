import { SequentialIdWatch } from './sequential-id.watch';

const id = (serial: number, prefix = '001090') => `${prefix}${String(serial).padStart(6, '0')}`;

describe('SequentialIdWatch', () => {
  it('marks a scan through neighbouring serials from the second number on', () => {
    const watch = new SequentialIdWatch();
    const marks = Array.from({ length: 50 }, (_, i) => watch.observe('org-a', id(123_400 + i)));
    expect(marks[0]).toBe(false);
    expect(marks.slice(1).every(Boolean)).toBe(true);
  });

  it('sees a scan that skips numbers (or is spread over replicas) within the gap', () => {
    const watch = new SequentialIdWatch({ remember: 64, maxGap: 16, organisations: 10 });
    const marks = Array.from({ length: 20 }, (_, i) => watch.observe('org-a', id(500_000 + i * 7)));
    expect(marks.filter(Boolean)).toHaveLength(19);
  });

  it('does not mark ordinary traffic: random numbers, repeats, other organisations, other birth years', () => {
    const watch = new SequentialIdWatch();
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const marks = Array.from({ length: 2000 }, () => watch.observe('org-a', id(Math.floor(random() * 1_000_000), `0${String(1 + Math.floor(random() * 96)).padStart(2, '0')}${Math.floor(random() * 4)}${String(Math.floor(random() * 100)).padStart(2, '0')}`)));
    expect(marks.filter(Boolean).length).toBeLessThan(2); // 1 in 10,000 or fewer by chance
    expect(watch.observe('org-b', id(42))).toBe(false);
    expect(watch.observe('org-b', id(42))).toBe(false);
    expect(watch.observe('org-c', id(43))).toBe(false); // org-b's neighbour, but another organisation
    expect(watch.observe('org-b', id(43, '001091'))).toBe(false); // next serial, other birth year
    expect(watch.observe('org-b', 'not-an-id')).toBe(false);
  });

  it('forgets beyond its memory: old numbers and least recently seen organisations', () => {
    const watch = new SequentialIdWatch({ remember: 4, maxGap: 2, organisations: 2 });
    watch.observe('org-a', id(100));
    for (const s of [300, 400, 500, 600]) watch.observe('org-a', id(s));
    expect(watch.observe('org-a', id(101))).toBe(false); // 100 was pushed out by four newer numbers
    watch.observe('org-b', id(10));
    watch.observe('org-c', id(20)); // org-a, least recently seen, is dropped
    expect(watch.observe('org-a', id(602))).toBe(false);
    expect(watch.observe('org-c', id(21))).toBe(true);
  });
});
