import type { MonitoredEntry, MonitoringAlert, MonitoringRuleSet, RuleId, VolumeBaseline } from './monitoring.types';
import { citizenFanOutRule } from './citizen-fan-out-rule.util';
import { denialRule } from './denial-rule.util';
import { enumerationRule } from './enumeration-rule.util';
import { detectionUnitMinutes, windowStart, windowsToReread } from './local-time.util';
import { offHoursRule } from './off-hours-rule.util';
import { purposeDriftRule, sensitiveFieldRule } from './purpose-drift-rule.util';
import { prepareEntries, type WindowRule } from './rule-context.util';
import { volumeRule } from './volume-rule.util';

/** The rules of the set (those `include` keeps), in the order alerts are reported. */
export function misuseRules(rules: MonitoringRuleSet, include: (ruleId: RuleId) => boolean = () => true): WindowRule[] {
  const all = [denialRule(rules), volumeRule(rules), enumerationRule(rules), purposeDriftRule(rules), sensitiveFieldRule(rules), offHoursRule(rules), citizenFanOutRule(rules)] as WindowRule[];
  return all.filter((r) => include(r.ruleId));
}

interface Group {
  start: number;
  key: string;
  state: unknown;
}

/** What `DetectionWindows.snapshot` writes: plain JSON (sets as `{ "$set": [...] }`). */
export interface DetectionSnapshot {
  ruleSetVersion: string;
  ruleIds: string[];
  newestMs: number;
  loaded: number[];
  /** Per rule, in `ruleIds` order: [window start, key, state] of every group held. */
  groups: [number, string, unknown][][];
}

const encodeSets = (_: string, v: unknown) => (v instanceof Set ? { $set: [...v] } : v);
const decodeSets = (_: string, v: unknown) => (v && typeof v === 'object' && Array.isArray((v as { $set?: unknown }).$set) ? new Set((v as { $set: unknown[] }).$set) : v);

/**
 * The state of every open window of a set of rules, folded from entries in log order. A live
 * consumer keeps one between passes: it `load`s the earlier entries of any window it does not
 * hold yet (`missing`), `add`s the new batch, `judge`s the groups the batch touched, and
 * `evictBefore`s windows that have closed. Memory is the groups' small states (counts, capped
 * sets and evidence lists), not the entries.
 */
export class DetectionWindows {
  /** The window every rule's window divides: what `missing` and `load` deal in. */
  readonly unitMinutes: number;
  private readonly byRule: Map<number, Map<string, Group>>[];
  private readonly touched: Set<Group>[];
  private readonly loaded = new Set<number>();
  private groupCount = 0;
  private newestMs = 0;

  constructor(
    private readonly rules: MonitoringRuleSet,
    private readonly windowRules: readonly WindowRule[],
  ) {
    this.unitMinutes = detectionUnitMinutes(windowRules.map((r) => r.windowMinutes));
    this.byRule = windowRules.map(() => new Map());
    this.touched = windowRules.map(() => new Set());
  }

  /** Groups held (a memory gauge). */
  get groups(): number {
    return this.groupCount;
  }

  /** The latest instant folded in so far (0 before any). */
  get newest(): number {
    return this.newestMs;
  }

  /** Unit-aligned time ranges holding these instants whose earlier entries this state does not hold yet. */
  missing(instantsMs: readonly number[]): { fromMs: number; toMs: number }[] {
    const unit = this.unitMinutes;
    return windowsToReread(instantsMs.filter((ms) => !this.loaded.has(windowStart(ms, unit))), unit);
  }

  /** Folds in the earlier entries of a range `missing` named (without judging them again) and marks it held. */
  load(range: { fromMs: number; toMs: number }, entries: readonly MonitoredEntry[]): void {
    this.fold(entries, false);
    for (let s = range.fromMs; s < range.toMs; s += this.unitMinutes * 60_000) this.loaded.add(s);
  }

  /** Folds in new entries; their groups are judged by the next `judge`. */
  add(entries: readonly MonitoredEntry[]): void {
    this.fold(entries, true);
  }

  /** Folds in entries judged before (by another replica, after a snapshot) without judging them again. */
  replay(entries: readonly MonitoredEntry[]): void {
    this.fold(entries, false);
  }

  /** The whole state as JSON text, to be restored by `restore` with the same rules. */
  snapshot(): string {
    const snapshot: DetectionSnapshot = {
      ruleSetVersion: this.rules.version,
      ruleIds: this.windowRules.map((r) => r.ruleId),
      newestMs: this.newestMs,
      loaded: [...this.loaded],
      groups: this.byRule.map((windows) => [...windows.values()].flatMap((groups) => [...groups.values()].map((g): [number, string, unknown] => [g.start, g.key, g.state]))),
    };
    return JSON.stringify(snapshot, encodeSets);
  }

  /** The state `snapshot` wrote, or null when it was written for another rule set or other rules. */
  static restore(rules: MonitoringRuleSet, windowRules: readonly WindowRule[], text: string): DetectionWindows | null {
    const snapshot = JSON.parse(text, decodeSets) as DetectionSnapshot;
    if (snapshot.ruleSetVersion !== rules.version || snapshot.ruleIds.join() !== windowRules.map((r) => r.ruleId).join()) return null;
    const restored = new DetectionWindows(rules, windowRules);
    restored.newestMs = snapshot.newestMs;
    for (const start of snapshot.loaded) restored.loaded.add(start);
    snapshot.groups.forEach((groups, i) => {
      const windows = restored.byRule[i] as Map<number, Map<string, Group>>;
      for (const [start, key, state] of groups) {
        let byKey = windows.get(start);
        if (!byKey) windows.set(start, (byKey = new Map()));
        byKey.set(key, { start, key, state });
        restored.groupCount += 1;
      }
    });
    return restored;
  }

  /** Alerts of the groups touched since the last call, rule by rule. */
  judge(baseline: VolumeBaseline): MonitoringAlert[] {
    const alerts: MonitoringAlert[] = [];
    this.windowRules.forEach((rule, i) => {
      const touched = this.touched[i] as Set<Group>;
      for (const g of touched) {
        const alert = rule.judge(g.state, g, baseline);
        if (alert) alerts.push(alert);
      }
      touched.clear();
    });
    return alerts;
  }

  /** Forgets windows that started before `ms` (a late entry for one is `missing` again and re-read). */
  evictBefore(ms: number): void {
    const cutoff = windowStart(ms, this.unitMinutes);
    for (const windows of this.byRule) {
      for (const [start, groups] of windows) {
        if (start >= cutoff) continue;
        this.groupCount -= groups.size;
        windows.delete(start);
      }
    }
    for (const start of this.loaded) if (start < cutoff) this.loaded.delete(start);
  }

  private fold(entries: readonly MonitoredEntry[], touch: boolean): void {
    const prepared = prepareEntries(entries, this.rules);
    for (const e of prepared) if (e.ms > this.newestMs) this.newestMs = e.ms;
    this.windowRules.forEach((rule, i) => {
      const windows = this.byRule[i] as Map<number, Map<string, Group>>;
      const touched = this.touched[i] as Set<Group>;
      for (const e of prepared) {
        const key = rule.key(e);
        if (key === null) continue;
        const start = windowStart(e.ms, rule.windowMinutes);
        let groups = windows.get(start);
        if (!groups) windows.set(start, (groups = new Map()));
        let g = groups.get(key);
        if (!g) {
          groups.set(key, (g = { start, key, state: rule.empty() }));
          this.groupCount += 1;
        }
        rule.add(g.state, e);
        if (touch) touched.add(g);
      }
    });
  }
}

/**
 * Runs every rule over one batch of entries. Windows are aligned to the epoch (whole hours,
 * whole quarter hours), so a caller that hands over whole hours gets the same alerts however it
 * splits the stream; a partial hour simply yields partial counts.
 */
export function detectMisuse(entries: readonly MonitoredEntry[], rules: MonitoringRuleSet, baseline: VolumeBaseline): MonitoringAlert[] {
  const windows = new DetectionWindows(rules, misuseRules(rules));
  windows.add(entries);
  return windows.judge(baseline);
}
