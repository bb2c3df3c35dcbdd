import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditStreamReader, type Clock } from '@consentry/audit-feature';
import { AlertRepository, BaselineRepository, CursorRepository, WindowStateRepository } from '@consentry/monitoring-data-access';
import { DetectionWindows, baselineFromHourlyCounts, misuseRules, windowStart, type MonitoredEntry, type MonitoringAlert, type VolumeBaseline } from '@consentry/monitoring-domain';
import { MONITORING_CLOCK, MONITORING_SETTINGS, type MonitoringSettings } from './monitoring-config';
import { toEntry } from './monitored-entry.mapper';

export const AUDIT_CURSOR = 'audit-log';
/** Judged from the log's citizen index, not held in memory (one group per citizen served). */
const FAN_OUT = 'citizen-fan-out';

export interface DetectionPass {
  /** Log indexes [from, to) this pass consumed. */
  from: number;
  to: number;
  /** Earlier entries read to fill windows this replica did not hold (after a start, a restart or another replica's passes). */
  reread: number;
  /** This replica took over from the saved window state (it did not hold the state for the cursor). */
  restored: boolean;
  alertsRaised: number;
  /** Entries sequenced but not yet consumed after this pass. */
  lag: number;
}

/** The open windows' rule state of this replica, the cursor position it reflects and when it was last saved. */
interface HeldWindows {
  state: DetectionWindows;
  position: number;
  savedAtMs: number;
}

/**
 * One detection pass: in a single transaction, lock the cursor, read the next batch of audit
 * entries, add them to the open windows' rule state, judge the groups they touched, store new
 * alerts (deduplicated by alert key) and advance the cursor. A crash before commit leaves the
 * cursor where it was and stores nothing; a re-run produces the same keys, so nothing is doubled.
 *
 * The state is a cache of the log: it is used only when it reflects exactly the entries before
 * the cursor (same position), and dropped when a pass fails. A pass saves it with the cursor
 * every `stateSaveMs`; a replica without it restores the saved one and folds in the entries
 * since (`takeOver`). A window the state lacks (none usable, or one let go and now given a late
 * entry) is read again from the log. The per-citizen fan-out rule asks the log's citizen index
 * instead of holding every citizen seen.
 */
@Injectable()
export class MisuseDetection {
  private readonly logger = new Logger('MisuseDetection');
  private readonly reader = new AuditStreamReader();
  private readonly cursors = new CursorRepository();
  private readonly alerts = new AlertRepository();
  private readonly baselines = new BaselineRepository();
  private readonly states = new WindowStateRepository();
  private baseline: { value: VolumeBaseline; stamp: string } | null = null;
  private held: HeldWindows | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MONITORING_SETTINGS) private readonly settings: MonitoringSettings,
    @Inject(MONITORING_CLOCK) private readonly clock: Clock,
  ) {}

  async runOnce(): Promise<DetectionPass> {
    const baseline = await this.currentBaseline();
    const held = this.held;
    // Until this pass commits, the state may be ahead of the stored cursor: nobody may use it.
    this.held = null;
    const { pass, next } = await this.dataSource.transaction(async (m) => {
      // A pass runs many index probes whose estimated total cost crosses PostgreSQL's JIT
      // threshold; compiling them took longer than running them (200 ms of 380 ms measured).
      await m.query(`SET LOCAL jit = off`);
      const cursor = await this.cursors.lock(m, AUDIT_CURSOR);
      const size = await this.reader.size(m);
      const from = cursor.position;
      const to = Math.min(size, from + this.settings.batchEntries);
      const mine = held && held.position === from ? held : null;
      if (to <= from) return { pass: { from, to: from, reread: 0, restored: false, alertsRaised: 0, lag: size - from }, next: mine };
      const operations = this.settings.rules.accessOperations;
      const taken = mine ? { windows: mine, reread: 0, restored: false } : await this.takeOver(m, from);
      const windows = taken.windows;
      const fresh = (await this.reader.range(m, from, to, operations)).map(toEntry);
      let reread = taken.reread;
      for (const range of windows.state.missing(fresh.map((e) => Date.parse(e.occurredAt)))) {
        const earlier = await this.reader.occurredIn(m, new Date(range.fromMs), new Date(range.toMs), from, operations);
        windows.state.load(range, earlier.map(toEntry));
        reread += earlier.length;
      }
      windows.state.add(fresh);
      const found = [...windows.state.judge(baseline), ...(await this.citizenFanOut(m, fresh, to, baseline))];
      const raised = found.length ? await this.alerts.record(m, found, this.clock.now().toISOString()) : [];
      await this.cursors.advance(m, AUDIT_CURSOR, { position: to, at: cursor.at });
      // Keep the current and the previous window; a late entry for an older one re-reads it.
      windows.state.evictBefore(windows.state.newest - windows.state.unitMinutes * 60_000);
      let savedAtMs = windows.savedAtMs;
      if (Date.now() - savedAtMs >= this.settings.stateSaveMs) {
        savedAtMs = Date.now();
        await this.states.save(m, AUDIT_CURSOR, to, windows.state.snapshot(), new Date(savedAtMs));
      }
      return {
        pass: { from, to, reread, restored: taken.restored, alertsRaised: raised.length, lag: size - to },
        next: { state: windows.state, position: to, savedAtMs },
      };
    });
    this.held = next;
    return pass;
  }

  /**
   * The window state for the cursor at `from`, for a replica that does not hold it: the saved
   * state, with the entries judged since it was saved folded in again (not judged again), or an
   * empty state when none fits (the pass then reads the open windows of its batch whole).
   */
  private async takeOver(m: EntityManager, from: number): Promise<{ windows: HeldWindows; reread: number; restored: boolean }> {
    const rules = this.settings.rules;
    const live = misuseRules(rules, (id) => id !== FAN_OUT);
    const saved = await this.states.load(m, AUDIT_CURSOR);
    // A snapshot far behind the cursor would cost more to catch up than reading the open windows.
    const usable = saved && saved.position <= from && from - saved.position <= 10 * this.settings.batchEntries;
    const restored = usable ? DetectionWindows.restore(rules, live, saved.state) : null;
    if (!saved || !restored) return { windows: { state: new DetectionWindows(rules, live), position: from, savedAtMs: 0 }, reread: 0, restored: false };
    const operations = rules.accessOperations;
    const since = (await this.reader.range(m, saved.position, from, operations)).map(toEntry);
    let reread = since.length;
    for (const range of restored.missing(since.map((e) => Date.parse(e.occurredAt)))) {
      const earlier = await this.reader.occurredIn(m, new Date(range.fromMs), new Date(range.toMs), saved.position, operations);
      restored.load(range, earlier.map(toEntry));
      reread += earlier.length;
    }
    restored.replay(since);
    this.logger.log({ msg: 'window state restored', savedPosition: saved.position, position: from, replayed: since.length, groups: restored.groups });
    return { windows: { state: restored, position: from, savedAtMs: saved.savedAt.getTime() }, reread, restored: true };
  }

  /** Rule groups of open windows held in memory (a gauge). */
  heldGroups(): number {
    return this.held?.state.groups ?? 0;
  }

  /** Re-learns every organisation's baseline from the last `baselineDays` whole days of the log. */
  async learnBaselines(): Promise<number> {
    const now = this.clock.now().getTime();
    const toMs = Math.floor(now / 3_600_000) * 3_600_000;
    const fromMs = toMs - this.settings.baselineDays * 86_400_000;
    const counts = await this.reader.hourlyCounts(this.dataSource, new Date(fromMs), new Date(toMs), this.settings.rules.accessOperations);
    const learned = baselineFromHourlyCounts(counts, this.settings.rules, { fromMs, toMs }, `learned-${new Date(toMs).toISOString()}`);
    await this.baselines.replace(this.dataSource, learned, new Date(now).toISOString());
    this.baseline = null;
    return Object.keys(learned.hourly).length;
  }

  /**
   * The fan-out rule for the citizens this batch touched: the log's citizen index names those
   * whose window holds entries from enough organisations, and only their entries are judged.
   */
  private async citizenFanOut(m: EntityManager, fresh: readonly MonitoredEntry[], before: number, baseline: VolumeBaseline): Promise<MonitoringAlert[]> {
    const rules = this.settings.rules;
    const minutes = rules.citizenFanOut.windowMinutes;
    const touched = new Map<string, { citizenPseudonym: string; fromMs: number; toMs: number }>();
    for (const e of fresh) {
      if (!e.citizenPseudonym) continue;
      const fromMs = windowStart(Date.parse(e.occurredAt), minutes);
      touched.set(`${fromMs}|${e.citizenPseudonym}`, { citizenPseudonym: e.citizenPseudonym, fromMs, toMs: fromMs + minutes * 60_000 });
    }
    if (touched.size === 0) return [];
    const rows = await this.reader.citizensSeenByOrganisations(m, [...touched.values()], rules.citizenFanOut.minOrganisations, before, rules.accessOperations);
    if (rows.length === 0) return [];
    const fanOut = new DetectionWindows(rules, misuseRules(rules, (id) => id === FAN_OUT));
    fanOut.add(rows.map(toEntry));
    return fanOut.judge(baseline);
  }

  /** Baselines change a few times a day: read again only when a newer learning was stored (one tiny query). */
  private async currentBaseline(): Promise<VolumeBaseline> {
    const [row] = await this.dataSource.query(`SELECT max("learned_at") AS "at", count(*)::int AS "n" FROM "monitoring"."volume_baselines"`);
    const stamp = `${row?.at ? new Date(row.at).toISOString() : '-'}|${row?.n ?? 0}`;
    if (this.baseline && this.baseline.stamp === stamp) return this.baseline.value;
    const value = await this.baselines.load(this.dataSource);
    this.baseline = { value, stamp };
    this.logger.debug({ msg: 'volume baselines loaded', version: value.version, organisations: Object.keys(value.hourly).length });
    return value;
  }

  /** Forget the cached baseline (after storing a new one). */
  resetBaseline(): void {
    this.baseline = null;
  }
}
