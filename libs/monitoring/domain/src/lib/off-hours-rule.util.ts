import type { MonitoringRuleSet } from './monitoring.types';
import { localSlot } from './local-time.util';
import { buildAlert, countingFold, type CountState, type WindowRule } from './rule-context.util';
import { expectedHourlyCount } from './volume-rule.util';

/**
 * Bulk access in local night hours (Asia/Ho_Chi_Minh), when few legitimate users are served and
 * fewer staff watch. Organisations that really work at night (hospitals, airlines) have a
 * baseline that says so, hence the baseline factor on top of the absolute count.
 */
export function offHoursRule(rules: MonitoringRuleSet): WindowRule<CountState> {
  const rule = rules.offHours;
  const offHours = new Set(rule.localHours);
  const offset = rules.timeZone.utcOffsetMinutes;
  return {
    ruleId: 'off-hours-bulk',
    windowMinutes: 60,
    key: (e) => (offHours.has(localSlot(e.ms, offset).hour) ? e.entry.organisationId : null),
    ...countingFold(rules.maxEvidence),
    judge(s, g, baseline) {
      const count = s.accesses;
      const expected = expectedHourlyCount(baseline, g.key, g.start, rules) ?? 0;
      if (count < rule.minEntries || count < expected * rule.baselineFactor) return null;
      const hour = localSlot(g.start, offset).hour;
      return buildAlert(rules, {
        ruleId: 'off-hours-bulk',
        ruleVersion: rule.version,
        severity: 'high',
        organisationId: g.key,
        start: g.start,
        windowMinutes: 60,
        counts: { accesses: count, localHour: hour },
        thresholds: { minEntries: rule.minEntries, baselineFactor: rule.baselineFactor },
        baseline: expected,
        evidence: s.evidence,
        summary: `${count} accesses at local hour ${hour}:00 (${rules.timeZone.name}) against ${expected.toFixed(1)} expected`,
      });
    },
  };
}
