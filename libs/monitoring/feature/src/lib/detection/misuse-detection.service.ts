import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditStreamReader, type Clock } from '@consentry/audit-feature';
import { AlertRepository, BaselineRepository, CursorRepository } from '@consentry/monitoring-data-access';
import { baselineFromHourlyCounts, detectMisuse, detectionUnitMinutes, windowsToReread, type MonitoredEntry, type VolumeBaseline } from '@consentry/monitoring-domain';
import { MONITORING_CLOCK, MONITORING_SETTINGS, type MonitoringSettings } from './monitoring-config';
import { toEntry } from './monitored-entry.mapper';

export const AUDIT_CURSOR = 'audit-log';

export interface DetectionPass {
  /** Log indexes [from, to) this pass consumed. */
  from: number;
  to: number;
  /** Entries re-read to make the touched windows whole (including the new ones). */
  evaluated: number;
  alertsRaised: number;
  /** Entries sequenced but not yet consumed after this pass. */
  lag: number;
}

/**
 * One detection pass: in a single transaction, lock the cursor, read the next batch of audit
 * entries, re-read the whole windows (hours) they fall in, run the rules, store new alerts
 * (deduplicated by alert key) and advance the cursor. A crash before commit leaves the cursor
 * where it was and stores nothing; a re-run produces the same keys, so nothing is doubled.
 */
@Injectable()
export class MisuseDetection {
  private readonly logger = new Logger('MisuseDetection');
  private readonly reader = new AuditStreamReader();
  private readonly cursors = new CursorRepository();
  private readonly alerts = new AlertRepository();
  private readonly baselines = new BaselineRepository();
  private readonly unitMinutes: number;
  private baseline: { value: VolumeBaseline; stamp: string } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MONITORING_SETTINGS) private readonly settings: MonitoringSettings,
    @Inject(MONITORING_CLOCK) private readonly clock: Clock,
  ) {
    const r = settings.rules;
    this.unitMinutes = detectionUnitMinutes([r.denials.windowMinutes, r.enumeration.windowMinutes, r.purposeDrift.windowMinutes, r.sensitiveFields.windowMinutes, r.citizenFanOut.windowMinutes, 60]);
  }

  async runOnce(): Promise<DetectionPass> {
    const baseline = await this.currentBaseline();
    return this.dataSource.transaction(async (m) => {
      const cursor = await this.cursors.lock(m, AUDIT_CURSOR);
      const size = await this.reader.size(m);
      const from = cursor.position;
      const to = Math.min(size, from + this.settings.batchEntries);
      if (to <= from) return { from, to: from, evaluated: 0, alertsRaised: 0, lag: size - from };
      const operations = this.settings.rules.accessOperations;
      const fresh = await this.reader.range(m, from, to, operations);
      const entries = await this.wholeWindows(m, fresh.map((r) => r.occurredAtMs), to, operations);
      const found = detectMisuse(entries, this.settings.rules, baseline);
      const raised = found.length ? await this.alerts.record(m, found, this.clock.now().toISOString()) : [];
      await this.cursors.advance(m, AUDIT_CURSOR, { position: to, at: cursor.at });
      return { from, to, evaluated: entries.length, alertsRaised: raised.length, lag: size - to };
    });
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

  private async wholeWindows(m: EntityManager, instants: number[], before: number, operations: readonly string[]): Promise<MonitoredEntry[]> {
    const entries: MonitoredEntry[] = [];
    for (const range of windowsToReread(instants, this.unitMinutes)) {
      const rows = await this.reader.occurredIn(m, new Date(range.fromMs), new Date(range.toMs), before, operations);
      for (const r of rows) entries.push(toEntry(r));
    }
    return entries;
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
