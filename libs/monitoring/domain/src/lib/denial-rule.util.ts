import type { MonitoringRuleSet } from './monitoring.types';
import { buildAlert, keepEvidence, type WindowRule } from './rule-context.util';

interface DenialState {
  accesses: number;
  denials: number;
  evidence: number[];
}

/** Many accesses refused for lack of consent or licence: probing, or a broken consent flow. */
export function denialRule(rules: MonitoringRuleSet): WindowRule<DenialState> {
  const rule = rules.denials;
  const reasons = new Set(rule.reasonCodes);
  return {
    ruleId: 'denials',
    windowMinutes: rule.windowMinutes,
    key: (e) => e.entry.organisationId,
    empty: () => ({ accesses: 0, denials: 0, evidence: [] }),
    add(s, e) {
      s.accesses += 1;
      if (e.entry.decision !== 'deny' || !reasons.has(e.entry.reasonCode)) return;
      s.denials += 1;
      keepEvidence(s.evidence, e, rules.maxEvidence);
    },
    judge(s, g) {
      if (s.denials < rule.minDenials || s.denials / s.accesses < rule.minDenialRatio) return null;
      return buildAlert(rules, {
        ruleId: 'denials',
        ruleVersion: rule.version,
        severity: s.denials >= rule.highSeverityAt ? 'high' : 'medium',
        organisationId: g.key,
        start: g.start,
        windowMinutes: rule.windowMinutes,
        counts: { accesses: s.accesses, denials: s.denials },
        thresholds: { minDenials: rule.minDenials, minDenialRatio: rule.minDenialRatio },
        evidence: s.evidence,
        summary: `${s.denials} of ${s.accesses} accesses denied for lack of consent or licence in ${rule.windowMinutes} min`,
      });
    },
  };
}
