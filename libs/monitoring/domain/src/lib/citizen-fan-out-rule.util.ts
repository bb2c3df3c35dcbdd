import type { MonitoringAlert, MonitoringRuleSet } from './monitoring.types';
import { buildAlert, groupByWindow, type PreparedEntry } from './rule-context.util';

/** One citizen looked up by many organisations in a short time: a leaked ID card being shopped around. */
export function detectCitizenFanOut(entries: readonly PreparedEntry[], rules: MonitoringRuleSet): MonitoringAlert[] {
  const rule = rules.citizenFanOut;
  const alerts: MonitoringAlert[] = [];
  const groups = groupByWindow(entries, rule.windowMinutes, (e) => e.entry.citizenPseudonym);
  for (const g of groups.values()) {
    if (g.items.length < rule.minOrganisations) continue;
    const organisations = new Set(g.items.map((e) => e.entry.organisationId));
    if (organisations.size < rule.minOrganisations) continue;
    alerts.push(
      buildAlert(rules, {
        ruleId: 'citizen-fan-out',
        ruleVersion: rule.version,
        severity: 'medium',
        organisationId: null,
        citizenPseudonym: g.key,
        start: g.start,
        windowMinutes: rule.windowMinutes,
        counts: { accesses: g.items.length, organisations: organisations.size },
        thresholds: { minOrganisations: rule.minOrganisations },
        evidence: g.items,
        summary: `one citizen accessed by ${organisations.size} organisations in ${rule.windowMinutes} min`,
      }),
    );
  }
  return alerts;
}
