import type { MonitoringAlert, MonitoringRuleSet } from './monitoring.types';
import { buildAlert, groupByWindow, type PreparedEntry } from './rule-context.util';

/**
 * Fishing for valid ID numbers or matching names: many distinct citizens in a window, with a high
 * share of misses (no_match, citizen not found) or denials. ID numbers themselves never reach the
 * log (pseudonyms only), so sequential or patterned numbers cannot be seen here; the miss ratio
 * over distinct pseudonyms is what such a scan leaves behind.
 */
export function detectEnumeration(entries: readonly PreparedEntry[], rules: MonitoringRuleSet): MonitoringAlert[] {
  const rule = rules.enumeration;
  const missCodes = new Set(rule.noMatchReasonCodes);
  const alerts: MonitoringAlert[] = [];
  for (const g of groupByWindow(entries, rule.windowMinutes, (e) => e.entry.organisationId).values()) {
    if (g.items.length < rule.minDistinctCitizens) continue;
    const citizens = new Set<string>();
    const failures: PreparedEntry[] = [];
    let misses = 0;
    let denials = 0;
    for (const e of g.items) {
      if (e.entry.citizenPseudonym) citizens.add(e.entry.citizenPseudonym);
      const miss = e.entry.noMatch === true || missCodes.has(e.entry.reasonCode);
      if (miss) misses += 1;
      else if (e.entry.decision === 'deny') denials += 1;
      if (miss || e.entry.decision === 'deny') failures.push(e);
    }
    const ratio = failures.length / g.items.length;
    if (citizens.size < rule.minDistinctCitizens || ratio < rule.minFailureRatio) continue;
    alerts.push(
      buildAlert(rules, {
        ruleId: 'enumeration',
        ruleVersion: rule.version,
        severity: citizens.size >= rule.highSeverityAt ? 'critical' : 'high',
        organisationId: g.key,
        start: g.start,
        windowMinutes: rule.windowMinutes,
        counts: { accesses: g.items.length, distinctCitizens: citizens.size, misses, denials },
        thresholds: { minDistinctCitizens: rule.minDistinctCitizens, minFailureRatio: rule.minFailureRatio },
        evidence: failures,
        summary: `${citizens.size} distinct citizens, ${(ratio * 100).toFixed(0)}% missed or denied, in ${rule.windowMinutes} min`,
      }),
    );
  }
  return alerts;
}
