import { detectionUnitMinutes, windowsToReread } from './local-time.util';
import { baselineFromHourlyCounts, learnBaseline } from './volume-rule.util';
import { prepareEntries } from './rule-context.util';
import { MONITORING_RULES_V1 } from './rule-set.constant';
import { generateTraffic } from './traffic-generator.util';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('windowsToReread', () => {
  it('covers whole hours holding the instants, merging adjacent ones', () => {
    expect(windowsToReread([at('2026-03-01T10:59:59Z'), at('2026-03-01T10:00:00Z'), at('2026-03-01T11:30:00Z'), at('2026-03-01T14:01:00Z')], 60)).toEqual([
      { fromMs: at('2026-03-01T10:00:00Z'), toMs: at('2026-03-01T12:00:00Z') },
      { fromMs: at('2026-03-01T14:00:00Z'), toMs: at('2026-03-01T15:00:00Z') },
    ]);
    expect(windowsToReread([], 60)).toEqual([]);
  });

  it('takes the largest rule window as the unit and refuses windows that do not divide it', () => {
    expect(detectionUnitMinutes([15, 60, 60, 30])).toBe(60);
    expect(detectionUnitMinutes([15])).toBe(60);
    expect(() => detectionUnitMinutes([45, 60])).toThrow(/45/);
  });
});

describe('baselineFromHourlyCounts', () => {
  it('gives what learnBaseline gives from the entries themselves', () => {
    const traffic = generateTraffic(MONITORING_RULES_V1, { organisations: 5, days: 7, plant: false });
    const period = { fromMs: traffic.fromMs, toMs: traffic.toMs };
    const counts = new Map<string, number>();
    for (const e of traffic.entries) {
      const key = `${e.organisationId}|${Math.floor(Date.parse(e.occurredAt) / H) * H}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const rows = [...counts].map(([k, count]) => ({ organisationId: k.split('|')[0] as string, hourMs: Number(k.split('|')[1]), count }));
    const fromCounts = baselineFromHourlyCounts(rows, MONITORING_RULES_V1, period, 'v');
    const fromEntries = learnBaseline(prepareEntries(traffic.entries, MONITORING_RULES_V1), MONITORING_RULES_V1, period, 'v');
    expect(Object.keys(fromCounts.hourly).sort()).toEqual(Object.keys(fromEntries.hourly).sort());
    for (const org of Object.keys(fromEntries.hourly)) expect(fromCounts.hourly[org]).toEqual(fromEntries.hourly[org]);
  });
});
