import type { MonitoringRuleSet, VolumeBaseline } from './monitoring.types';
import { localSlot } from './local-time.util';
import { buildAlert, countingFold, type CountState, type PreparedEntry, type WindowRule } from './rule-context.util';

/** Expected entries for an organisation in the local hour holding `ms`; null without history. */
export function expectedHourlyCount(baseline: VolumeBaseline, organisationId: string, ms: number, rules: MonitoringRuleSet): number | null {
  const slots = baseline.hourly[organisationId];
  if (!slots) return null;
  return slots[localSlot(ms, rules.timeZone.utcOffsetMinutes).slot] ?? null;
}

/**
 * An organisation's hourly volume far above its own history for that hour and weekday. Both a
 * factor and an absolute excess are required: a quiet organisation going from 2 to 9 entries
 * is noise, not a leak.
 */
export function volumeRule(rules: MonitoringRuleSet): WindowRule<CountState> {
  const rule = rules.volume;
  return {
    ruleId: 'volume-anomaly',
    windowMinutes: 60,
    key: (e) => e.entry.organisationId,
    ...countingFold(rules.maxEvidence),
    judge(s, g, baseline) {
      const count = s.accesses;
      const expected = expectedHourlyCount(baseline, g.key, g.start, rules);
      const fires = expected === null ? count >= rule.minCountWithoutBaseline : count > expected * rule.factor && count >= expected + rule.minExcess;
      if (!fires) return null;
      const factor = expected ? count / expected : Infinity;
      return buildAlert(rules, {
        ruleId: 'volume-anomaly',
        ruleVersion: rule.version,
        severity: factor >= rule.highSeverityFactor ? 'high' : 'medium',
        organisationId: g.key,
        start: g.start,
        windowMinutes: 60,
        counts: { accesses: count },
        thresholds: { factor: rule.factor, minExcess: rule.minExcess, minCountWithoutBaseline: rule.minCountWithoutBaseline },
        baseline: expected,
        evidence: s.evidence,
        summary: expected === null
          ? `${count} accesses in one hour with no baseline yet`
          : `${count} accesses in one hour against ${expected.toFixed(1)} expected for this hour and weekday`,
      });
    },
  };
}

/**
 * Learns the baseline from past entries covering whole hours [fromMs, toMs): the mean count per
 * organisation and local weekday-hour slot. Hours with no entries still count, as zeros.
 */
export function learnBaseline(entries: readonly PreparedEntry[], rules: MonitoringRuleSet, period: { fromMs: number; toMs: number }, version: string): VolumeBaseline {
  const offset = rules.timeZone.utcOffsetMinutes;
  const slotHours = new Array<number>(168).fill(0);
  for (let h = period.fromMs; h < period.toMs; h += 3_600_000) slotHours[localSlot(h, offset).slot] += 1;
  const counts = new Map<string, number[]>();
  for (const e of entries) {
    if (e.ms < period.fromMs || e.ms >= period.toMs) continue;
    let c = counts.get(e.entry.organisationId);
    if (!c) counts.set(e.entry.organisationId, (c = new Array<number>(168).fill(0)));
    c[localSlot(e.ms, offset).slot] += 1;
  }
  const hourly: Record<string, number[]> = {};
  for (const [org, c] of counts) hourly[org] = c.map((n, slot) => (slotHours[slot] ? n / slotHours[slot] : 0));
  return { version, hourly };
}

/**
 * The same baseline as `learnBaseline`, from hourly counts a database already aggregated
 * (organisation, start of the UTC hour, entries): mean per local weekday-hour slot over
 * [fromMs, toMs), hours without entries counting as zeros.
 */
export function baselineFromHourlyCounts(counts: readonly { organisationId: string; hourMs: number; count: number }[], rules: MonitoringRuleSet, period: { fromMs: number; toMs: number }, version: string): VolumeBaseline {
  const offset = rules.timeZone.utcOffsetMinutes;
  const slotHours = new Array<number>(168).fill(0);
  for (let h = period.fromMs; h < period.toMs; h += 3_600_000) slotHours[localSlot(h, offset).slot] += 1;
  const sums = new Map<string, number[]>();
  for (const c of counts) {
    if (c.hourMs < period.fromMs || c.hourMs >= period.toMs) continue;
    let s = sums.get(c.organisationId);
    if (!s) sums.set(c.organisationId, (s = new Array<number>(168).fill(0)));
    s[localSlot(c.hourMs, offset).slot] += c.count;
  }
  const hourly: Record<string, number[]> = {};
  for (const [org, s] of sums) hourly[org] = s.map((n, slot) => (slotHours[slot] ? n / slotHours[slot] : 0));
  return { version, hourly };
}
