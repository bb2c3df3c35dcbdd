import type { MonitoredEntry, MonitoringAlert } from './monitoring.types';
import { detectionUnitMinutes, windowsToReread } from './local-time.util';
import { DetectionWindows, detectMisuse, misuseRules } from './monitor.util';
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

describe('DetectionWindows (a live consumer keeping window state between passes)', () => {
  const rules = MONITORING_RULES_V1;
  const traffic = generateTraffic(rules, { organisations: 12, days: 1, seed: 7 });
  // Log order is not time order: move some entries an hour or two later in the log, as a
  // delayed outbox would, so passes see late entries for windows they no longer hold.
  const log: MonitoredEntry[] = traffic.entries.map((e) => ({ ...e }));
  for (let i = 0; i < log.length; i += 997) {
    const [late] = log.splice(i, 1);
    if (late) log.splice(Math.min(log.length, i + 2500), 0, late);
  }
  log.forEach((e, index) => (e.index = index));
  const ms = (e: MonitoredEntry) => Date.parse(e.occurredAt);

  /** What each pass of the old consumer raised: re-read every whole hour the batch touches and run all rules. */
  function rereadingConsumer(batches: [number, number][]): Map<string, MonitoringAlert> {
    const first = new Map<string, MonitoringAlert>();
    for (const [from, to] of batches) {
      const ranges = windowsToReread(log.slice(from, to).map(ms), 60);
      const whole = log.slice(0, to).filter((e) => ranges.some((r) => ms(e) >= r.fromMs && ms(e) < r.toMs));
      for (const a of detectMisuse(whole, rules, traffic.baseline)) if (!first.has(a.alertKey)) first.set(a.alertKey, a);
    }
    return first;
  }

  /**
   * `restartEvery`: a new process (or another replica) takes over every n passes, with empty
   * state, or with the snapshot taken `snapshotLag` passes earlier and the passes since replayed.
   */
  function incrementalConsumer(batches: [number, number][], evict: boolean, restartEvery = Infinity, snapshotLag: number | null = null): { alerts: Map<string, MonitoringAlert>; reloaded: number } {
    let windows = new DetectionWindows(rules, misuseRules(rules));
    const first = new Map<string, MonitoringAlert>();
    const snapshots: { text: string; position: number }[] = [];
    let reloads = 0;
    let newest = 0;
    for (const [pass, [from, to]] of batches.entries()) {
      if (pass > 0 && pass % restartEvery === 0) {
        const saved = snapshotLag === null ? undefined : snapshots[snapshots.length - 1 - snapshotLag];
        windows = (saved && DetectionWindows.restore(rules, misuseRules(rules), saved.text)) || new DetectionWindows(rules, misuseRules(rules));
        if (saved) {
          // The entries judged since the snapshot, folded in without judging, as a pass would.
          const since = log.slice(saved.position, from);
          for (const range of windows.missing(since.map(ms))) {
            const earlier = log.slice(0, saved.position).filter((e) => ms(e) >= range.fromMs && ms(e) < range.toMs);
            reloads += earlier.length;
            windows.load(range, earlier);
          }
          windows.replay(since);
        }
      }
      snapshots.push({ text: windows.snapshot(), position: from });
      const batch = log.slice(from, to);
      for (const range of windows.missing(batch.map(ms))) {
        const earlier = log.slice(0, from).filter((e) => ms(e) >= range.fromMs && ms(e) < range.toMs);
        reloads += earlier.length;
        windows.load(range, earlier);
      }
      windows.add(batch);
      for (const a of windows.judge(traffic.baseline)) if (!first.has(a.alertKey)) first.set(a.alertKey, a);
      newest = Math.max(newest, ...batch.map(ms));
      if (evict) windows.evictBefore(newest - H);
    }
    return { alerts: first, reloaded: reloads };
  }

  function batchesOf(sizes: number[]): [number, number][] {
    const out: [number, number][] = [];
    for (let from = 0, i = 0; from < log.length; i++) {
      const to = Math.min(log.length, from + (sizes[i % sizes.length] as number));
      out.push([from, to]);
      from = to;
    }
    return out;
  }

  it('raises exactly what re-reading whole windows raised, with the same counts and evidence, however the log is cut', () => {
    const batches = batchesOf([3000, 517, 4999, 1200]);
    const expected = rereadingConsumer(batches);
    expect(expected.size).toBeGreaterThan(0);
    const reloaded: number[] = [];
    for (const [evict, restartEvery, snapshotLag] of [[false, Infinity, null], [true, Infinity, null], [true, 3, null], [true, 3, 0], [true, 4, 2]] as const) {
      const run = incrementalConsumer(batches, evict, restartEvery, snapshotLag);
      expect([...run.alerts.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [key, alert] of run.alerts) expect(alert).toEqual(expected.get(key));
      reloaded.push(run.reloaded);
    }
    // Evicting made it re-read windows it had let go when late entries came for them; a
    // snapshot spares most of the re-reading a restart costs.
    expect(reloaded[1]).toBeGreaterThan(reloaded[0] as number);
    expect(reloaded[3]).toBeLessThan((reloaded[2] as number) / 2);
  });

  it('restores a snapshot only for the rules it was taken with', () => {
    const windows = new DetectionWindows(rules, misuseRules(rules));
    windows.add(log.slice(0, 5000));
    const text = windows.snapshot();
    const restored = DetectionWindows.restore(rules, misuseRules(rules), text);
    expect(restored?.groups).toBe(windows.groups);
    expect(restored?.snapshot()).toBe(text);
    expect(DetectionWindows.restore({ ...rules, version: 'next' }, misuseRules(rules), text)).toBeNull();
    expect(DetectionWindows.restore(rules, misuseRules(rules, (id) => id !== 'citizen-fan-out'), text)).toBeNull();
  });

  it('holds only the open windows once they are evicted', () => {
    const windows = new DetectionWindows(rules, misuseRules(rules));
    windows.add(log);
    const all = windows.groups;
    windows.evictBefore(traffic.toMs - H);
    expect(windows.groups).toBeGreaterThan(0);
    expect(windows.groups).toBeLessThan(all / 10);
    windows.load({ fromMs: traffic.toMs - H, toMs: traffic.toMs }, []);
    expect(windows.missing([traffic.toMs - 2 * H, traffic.toMs - 1])).toEqual([{ fromMs: traffic.toMs - 2 * H, toMs: traffic.toMs - H }]);
    windows.evictBefore(traffic.toMs + H);
    expect(windows.groups).toBe(0);
    expect(windows.missing([traffic.toMs - 1])).toEqual([{ fromMs: traffic.toMs - H, toMs: traffic.toMs }]);
  });
});
