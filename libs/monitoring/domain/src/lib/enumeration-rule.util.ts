import type { MonitoringRuleSet } from './monitoring.types';
import { buildAlert, keepEvidence, type WindowRule } from './rule-context.util';

interface EnumerationState {
  accesses: number;
  /** Distinct pseudonyms, counted up to `cap`: no threshold needs more, and memory stays bounded. */
  citizens: Set<string>;
  misses: number;
  denials: number;
  sequential: number;
  evidence: number[];
}

/**
 * Fishing for valid ID numbers or matching names: many distinct citizens in a window, with a high
 * share of misses (no_match, citizen not found) or denials; or (rule version 2) many accesses the
 * gateway marked `sequentialId`, a walk through neighbouring ID numbers. ID numbers never reach
 * the log (pseudonyms only), so that mark, set by the gateway, is how a sequential scan shows.
 */
export function enumerationRule(rules: MonitoringRuleSet): WindowRule<EnumerationState> {
  const rule = rules.enumeration;
  const missCodes = new Set(rule.noMatchReasonCodes);
  const cap = Math.max(rule.minDistinctCitizens, rule.highSeverityAt);
  const scans = rule.minSequentialIds !== undefined;
  return {
    ruleId: 'enumeration',
    windowMinutes: rule.windowMinutes,
    key: (e) => e.entry.organisationId,
    empty: () => ({ accesses: 0, citizens: new Set(), misses: 0, denials: 0, sequential: 0, evidence: [] }),
    add(s, e) {
      s.accesses += 1;
      const p = e.entry.citizenPseudonym;
      if (p && s.citizens.size < cap) s.citizens.add(p);
      const miss = e.entry.noMatch === true || missCodes.has(e.entry.reasonCode);
      if (miss) s.misses += 1;
      else if (e.entry.decision === 'deny') s.denials += 1;
      const sequential = scans && e.entry.sequentialId === true;
      if (sequential) s.sequential += 1;
      if (miss || e.entry.decision === 'deny' || sequential) keepEvidence(s.evidence, e, rules.maxEvidence);
    },
    judge(s, g) {
      const distinct = s.citizens.size;
      const ratio = (s.misses + s.denials) / s.accesses;
      const fishing = distinct >= rule.minDistinctCitizens && ratio >= rule.minFailureRatio;
      const scanning = scans && s.sequential >= (rule.minSequentialIds as number);
      if (!fishing && !scanning) return null;
      return buildAlert(rules, {
        ruleId: 'enumeration',
        ruleVersion: rule.version,
        severity: distinct >= rule.highSeverityAt ? 'critical' : 'high',
        organisationId: g.key,
        start: g.start,
        windowMinutes: rule.windowMinutes,
        counts: { accesses: s.accesses, distinctCitizens: distinct, misses: s.misses, denials: s.denials, ...(scans ? { sequentialIds: s.sequential } : {}) },
        thresholds: { minDistinctCitizens: rule.minDistinctCitizens, minFailureRatio: rule.minFailureRatio, ...(scans ? { minSequentialIds: rule.minSequentialIds as number } : {}) },
        evidence: s.evidence,
        summary:
          `${distinct >= cap ? 'at least ' : ''}${distinct} distinct citizens, ${(ratio * 100).toFixed(0)}% missed or denied` +
          `${scanning ? `, ${s.sequential} asked right after a neighbouring ID number` : ''}, in ${rule.windowMinutes} min`,
      });
    },
  };
}
