import type { MonitoringAlert, MonitoringRuleSet } from './monitoring.types';
import { buildAlert, groupByWindow, type PreparedEntry } from './rule-context.util';

const EMPTY: readonly string[] = [];

/** Fields asked under a purpose that does not need them (purpose -> expected fields is data). */
export function detectPurposeDrift(entries: readonly PreparedEntry[], rules: MonitoringRuleSet): MonitoringAlert[] {
  const rule = rules.purposeDrift;
  const expected = new Map(Object.entries(rule.expectedFields).map(([p, f]) => [p, new Set(f)]));
  const alerts: MonitoringAlert[] = [];
  for (const g of groupByWindow(entries, rule.windowMinutes, (e) => `${e.entry.organisationId}\u0000${e.entry.purpose}`).values()) {
    const [organisationId, purpose] = g.key.split('\u0000') as [string, string];
    const fits = expected.get(purpose);
    const drifted: PreparedEntry[] = [];
    const unexpected = new Set<string>();
    for (const e of g.items) {
      const extra = fits ? e.entry.fields.filter((f) => !fits.has(f)) : e.entry.fields;
      if (extra.length === 0) continue;
      drifted.push(e);
      for (const f of extra) unexpected.add(f);
    }
    const ratio = drifted.length / g.items.length;
    if (drifted.length < rule.minEntries || ratio < rule.minRatio) continue;
    alerts.push(
      buildAlert(rules, {
        ruleId: 'purpose-drift',
        ruleVersion: rule.version,
        severity: fits ? 'medium' : 'high',
        organisationId,
        purpose,
        start: g.start,
        windowMinutes: rule.windowMinutes,
        counts: { accesses: g.items.length, drifted: drifted.length, unexpectedFields: unexpected.size },
        thresholds: { minEntries: rule.minEntries, minRatio: rule.minRatio },
        evidence: drifted,
        summary: fits
          ? `${drifted.length} of ${g.items.length} accesses under ${purpose} asked fields it does not need: ${[...unexpected].sort().join(', ')}`
          : `${drifted.length} accesses under unknown purpose ${purpose}`,
      }),
    );
  }
  return alerts;
}

/** Sensitive fields asked often by an organisation, beyond what its purposes expect. */
export function detectSensitiveFieldUse(entries: readonly PreparedEntry[], rules: MonitoringRuleSet): MonitoringAlert[] {
  const rule = rules.sensitiveFields;
  const sensitive = new Set(rule.sensitiveFields);
  const expected = rules.purposeDrift.expectedFields;
  const alerts: MonitoringAlert[] = [];
  for (const g of groupByWindow(entries, rule.windowMinutes, (e) => e.entry.organisationId).values()) {
    const hits = g.items.filter((e) => {
      const fits = expected[e.entry.purpose] ?? EMPTY;
      return e.entry.fields.some((f) => sensitive.has(f) && !fits.includes(f));
    });
    const ratio = hits.length / g.items.length;
    if (hits.length < rule.minEntries || ratio < rule.minRatio) continue;
    alerts.push(
      buildAlert(rules, {
        ruleId: 'sensitive-fields',
        ruleVersion: rule.version,
        severity: 'high',
        organisationId: g.key,
        start: g.start,
        windowMinutes: rule.windowMinutes,
        counts: { accesses: g.items.length, sensitive: hits.length },
        thresholds: { minEntries: rule.minEntries, minRatio: rule.minRatio },
        evidence: hits,
        summary: `${hits.length} of ${g.items.length} accesses asked sensitive fields their purpose does not need`,
      }),
    );
  }
  return alerts;
}
