import type { MonitoringRuleSet } from './monitoring.types';
import { buildAlert, keepEvidence, type WindowRule } from './rule-context.util';

interface FanOutState {
  accesses: number;
  organisations: Set<string>;
  evidence: number[];
}

/**
 * One citizen looked up by many organisations in a short time: a leaked ID card being shopped
 * around. Its groups are per citizen, so there are as many as citizens served in a window (tens
 * of millions an hour at national scale): a live consumer should not hold them all in memory but
 * ask the log's citizen index which of the citizens it just saw are candidates, and judge those.
 */
export function citizenFanOutRule(rules: MonitoringRuleSet): WindowRule<FanOutState> {
  const rule = rules.citizenFanOut;
  return {
    ruleId: 'citizen-fan-out',
    windowMinutes: rule.windowMinutes,
    key: (e) => e.entry.citizenPseudonym,
    empty: () => ({ accesses: 0, organisations: new Set(), evidence: [] }),
    add(s, e) {
      s.accesses += 1;
      s.organisations.add(e.entry.organisationId);
      keepEvidence(s.evidence, e, rules.maxEvidence);
    },
    judge(s, g) {
      if (s.organisations.size < rule.minOrganisations) return null;
      return buildAlert(rules, {
        ruleId: 'citizen-fan-out',
        ruleVersion: rule.version,
        severity: 'medium',
        organisationId: null,
        citizenPseudonym: g.key,
        start: g.start,
        windowMinutes: rule.windowMinutes,
        counts: { accesses: s.accesses, organisations: s.organisations.size },
        thresholds: { minOrganisations: rule.minOrganisations },
        evidence: s.evidence,
        summary: `one citizen accessed by ${s.organisations.size} organisations in ${rule.windowMinutes} min`,
      });
    },
  };
}
