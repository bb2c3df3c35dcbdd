import type { MonitoringRuleSet } from './monitoring.types';
import { buildAlert, keepEvidence, type WindowRule } from './rule-context.util';

const EMPTY: readonly string[] = [];

interface DriftState {
  accesses: number;
  drifted: number;
  unexpected: Set<string>;
  evidence: number[];
}

interface SensitiveState {
  accesses: number;
  hits: number;
  evidence: number[];
}

/** Fields asked under a purpose that does not need them (purpose -> expected fields is data). */
export function purposeDriftRule(rules: MonitoringRuleSet): WindowRule<DriftState> {
  const rule = rules.purposeDrift;
  const expected = new Map(Object.entries(rule.expectedFields).map(([p, f]) => [p, new Set(f)]));
  return {
    ruleId: 'purpose-drift',
    windowMinutes: rule.windowMinutes,
    key: (e) => `${e.entry.organisationId}\u0000${e.entry.purpose}`,
    empty: () => ({ accesses: 0, drifted: 0, unexpected: new Set(), evidence: [] }),
    add(s, e) {
      s.accesses += 1;
      const fits = expected.get(e.entry.purpose);
      const extra = fits ? e.entry.fields.filter((f) => !fits.has(f)) : e.entry.fields;
      if (extra.length === 0) return;
      s.drifted += 1;
      for (const f of extra) s.unexpected.add(f);
      keepEvidence(s.evidence, e, rules.maxEvidence);
    },
    judge(s, g) {
      if (s.drifted < rule.minEntries || s.drifted / s.accesses < rule.minRatio) return null;
      const [organisationId, purpose] = g.key.split('\u0000') as [string, string];
      const known = expected.has(purpose);
      return buildAlert(rules, {
        ruleId: 'purpose-drift',
        ruleVersion: rule.version,
        severity: known ? 'medium' : 'high',
        organisationId,
        purpose,
        start: g.start,
        windowMinutes: rule.windowMinutes,
        counts: { accesses: s.accesses, drifted: s.drifted, unexpectedFields: s.unexpected.size },
        thresholds: { minEntries: rule.minEntries, minRatio: rule.minRatio },
        evidence: s.evidence,
        summary: known
          ? `${s.drifted} of ${s.accesses} accesses under ${purpose} asked fields it does not need: ${[...s.unexpected].sort().join(', ')}`
          : `${s.drifted} accesses under unknown purpose ${purpose}`,
      });
    },
  };
}

/** Sensitive fields asked often by an organisation, beyond what its purposes expect. */
export function sensitiveFieldRule(rules: MonitoringRuleSet): WindowRule<SensitiveState> {
  const rule = rules.sensitiveFields;
  const sensitive = new Set(rule.sensitiveFields);
  const expected = rules.purposeDrift.expectedFields;
  return {
    ruleId: 'sensitive-fields',
    windowMinutes: rule.windowMinutes,
    key: (e) => e.entry.organisationId,
    empty: () => ({ accesses: 0, hits: 0, evidence: [] }),
    add(s, e) {
      s.accesses += 1;
      const fits = expected[e.entry.purpose] ?? EMPTY;
      if (!e.entry.fields.some((f) => sensitive.has(f) && !fits.includes(f))) return;
      s.hits += 1;
      keepEvidence(s.evidence, e, rules.maxEvidence);
    },
    judge(s, g) {
      if (s.hits < rule.minEntries || s.hits / s.accesses < rule.minRatio) return null;
      return buildAlert(rules, {
        ruleId: 'sensitive-fields',
        ruleVersion: rule.version,
        severity: 'high',
        organisationId: g.key,
        start: g.start,
        windowMinutes: rule.windowMinutes,
        counts: { accesses: s.accesses, sensitive: s.hits },
        thresholds: { minEntries: rule.minEntries, minRatio: rule.minRatio },
        evidence: s.evidence,
        summary: `${s.hits} of ${s.accesses} accesses asked sensitive fields their purpose does not need`,
      });
    },
  };
}
