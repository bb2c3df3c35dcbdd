import type { MonitoringAlert, MonitoringRuleSet, VolumeBaseline } from './monitoring.types';
import { localSlot } from './local-time.util';
import { buildAlert, groupByWindow, type PreparedEntry } from './rule-context.util';
import { expectedHourlyCount } from './volume-rule.util';

/**
 * Bulk access in local night hours (Asia/Ho_Chi_Minh), when few legitimate users are served and
 * fewer staff watch. Organisations that really work at night (hospitals, airlines) have a
 * baseline that says so, hence the baseline factor on top of the absolute count.
 */
export function detectOffHoursBulk(entries: readonly PreparedEntry[], rules: MonitoringRuleSet, baseline: VolumeBaseline): MonitoringAlert[] {
  const rule = rules.offHours;
  const offHours = new Set(rule.localHours);
  const offset = rules.timeZone.utcOffsetMinutes;
  const alerts: MonitoringAlert[] = [];
  const night = entries.filter((e) => offHours.has(localSlot(e.ms, offset).hour));
  for (const g of groupByWindow(night, 60, (e) => e.entry.organisationId).values()) {
    const count = g.items.length;
    const expected = expectedHourlyCount(baseline, g.key, g.start, rules) ?? 0;
    if (count < rule.minEntries || count < expected * rule.baselineFactor) continue;
    alerts.push(
      buildAlert(rules, {
        ruleId: 'off-hours-bulk',
        ruleVersion: rule.version,
        severity: 'high',
        organisationId: g.key,
        start: g.start,
        windowMinutes: 60,
        counts: { accesses: count, localHour: localSlot(g.start, offset).hour },
        thresholds: { minEntries: rule.minEntries, baselineFactor: rule.baselineFactor },
        baseline: expected,
        evidence: g.items,
        summary: `${count} accesses at local hour ${localSlot(g.start, offset).hour}:00 (${rules.timeZone.name}) against ${expected.toFixed(1)} expected`,
      }),
    );
  }
  return alerts;
}
