import type { MonitoringAlert, MonitoringRuleSet } from './monitoring.types';
import { buildAlert, groupByWindow, type PreparedEntry } from './rule-context.util';

/** Many accesses refused for lack of consent or licence: probing, or a broken consent flow. */
export function detectDenials(entries: readonly PreparedEntry[], rules: MonitoringRuleSet): MonitoringAlert[] {
  const rule = rules.denials;
  const reasons = new Set(rule.reasonCodes);
  const alerts: MonitoringAlert[] = [];
  for (const g of groupByWindow(entries, rule.windowMinutes, (e) => e.entry.organisationId).values()) {
    const denied = g.items.filter((e) => e.entry.decision === 'deny' && reasons.has(e.entry.reasonCode));
    const ratio = denied.length / g.items.length;
    if (denied.length < rule.minDenials || ratio < rule.minDenialRatio) continue;
    alerts.push(
      buildAlert(rules, {
        ruleId: 'denials',
        ruleVersion: rule.version,
        severity: denied.length >= rule.highSeverityAt ? 'high' : 'medium',
        organisationId: g.key,
        start: g.start,
        windowMinutes: rule.windowMinutes,
        counts: { accesses: g.items.length, denials: denied.length },
        thresholds: { minDenials: rule.minDenials, minDenialRatio: rule.minDenialRatio },
        evidence: denied,
        summary: `${denied.length} of ${g.items.length} accesses denied for lack of consent or licence in ${rule.windowMinutes} min`,
      }),
    );
  }
  return alerts;
}
